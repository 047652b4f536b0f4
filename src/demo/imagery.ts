/**
 * A synthetic annotated imagery set for training a vehicle detector: small greyscale "aerial" tiles (terrain noise,
 * a road, vehicles as bright hulls with shadows) and their bounding boxes in COCO format, packed as one tar archive
 * (`images/*.png` + `annotations.json`). Generated from a seed, so the same set comes out everywhere.
 */
import { greyscalePng } from './png.ts';
import { seededRandom, type Random } from './random.ts';
import { tarArchive, type TarFile } from './tar.ts';

const CATEGORIES = [
  { id: 1, name: 'tracked-vehicle', size: [14, 8] },
  { id: 2, name: 'wheeled-vehicle', size: [10, 6] },
  { id: 3, name: 'truck', size: [16, 6] },
] as const;

type Box = { category: number; x: number; y: number; w: number; h: number };

function tile(random: Random, size: number): { pixels: Uint8Array; boxes: Box[] } {
  const pixels = new Uint8Array(size * size);
  const base = random.int(70, 110);
  for (let i = 0; i < pixels.length; i++) pixels[i] = Math.max(0, Math.min(255, random.normal(base, 9)));
  // A road across the tile: vehicles sit on or near it, as in real patrol imagery.
  const roadY = random.int(size / 4, (3 * size) / 4);
  for (let y = roadY - 3; y <= roadY + 3; y++)
    for (let x = 0; x < size; x++) pixels[y * size + x] = Math.max(0, Math.min(255, random.normal(140, 4)));
  const boxes: Box[] = [];
  for (let n = random.int(1, 3); n > 0; n--) {
    const category = random.pick(CATEGORIES);
    const [w, h] = category.size;
    const x = random.int(1, size - w - 3);
    const y = Math.max(1, Math.min(size - h - 3, roadY - h / 2 + random.int(-8, 8)));
    if (boxes.some((b) => x < b.x + b.w + 2 && b.x < x + w + 2 && y < b.y + b.h + 2 && b.y < y + h + 2))
      continue;
    for (let dy = 0; dy < h; dy++)
      for (let dx = 0; dx < w; dx++) {
        pixels[(y + dy) * size + x + dx] = 200 + random.int(0, 40);
        pixels[(y + dy + 2) * size + x + dx + 2] = Math.min(
          pixels[(y + dy + 2) * size + x + dx + 2] ?? 0,
          35,
        );
      }
    boxes.push({ category: category.id, x, y, w, h });
  }
  return { pixels, boxes };
}

export function imagerySet(options: { images: number; size: number; seed: number }): Uint8Array {
  const random = seededRandom(options.seed);
  const files: TarFile[] = [];
  const images: unknown[] = [];
  const annotations: unknown[] = [];
  for (let i = 1; i <= options.images; i++) {
    const name = `images/tile-${String(i).padStart(4, '0')}.png`;
    const { pixels, boxes } = tile(random, options.size);
    files.push({ name, bytes: greyscalePng({ width: options.size, height: options.size, pixels }) });
    images.push({ id: i, file_name: name, width: options.size, height: options.size });
    for (const b of boxes)
      annotations.push({
        id: annotations.length + 1,
        image_id: i,
        category_id: b.category,
        bbox: [b.x, b.y, b.w, b.h],
        area: b.w * b.h,
        iscrowd: 0,
      });
  }
  const coco = {
    info: { description: 'Synthetic aerial vehicle detection set (Foedera demo)', version: '1.0' },
    images,
    annotations,
    categories: CATEGORIES.map(({ id, name }) => ({ id, name, supercategory: 'vehicle' })),
  };
  files.push({ name: 'annotations.json', bytes: new TextEncoder().encode(JSON.stringify(coco, null, 1)) });
  return tarArchive(files, 1_780_000_000);
}
