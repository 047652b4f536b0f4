/** Public surface of the cards module: Croissant dataset cards, their validation and search facets. */
export type {
  CroissantCard,
  CroissantFieldNode,
  CroissantFileNode,
  CroissantRecordSetNode,
} from './croissant-schema.ts';
export { CroissantCardSchema } from './croissant-schema.ts';
export type { CardInputError } from './card.ts';
export { CROISSANT_VERSIONS, isKnownDataType, pointerToField, readCard } from './card.ts';
export type { CardFacets, CardField } from './facets.ts';
export { cardFacets, hasField } from './facets.ts';
export { parseContentSize } from './content-size.ts';
export { CROISSANT_MEDIA_TYPE } from './media-type.ts';
