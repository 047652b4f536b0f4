/** The media type of an exported card: JSON-LD with the Croissant profile, as the specification names it. */
export const CROISSANT_MEDIA_TYPE = 'application/ld+json; profile="http://mlcommons.org/croissant/1.1"';
