// Draws the two Teams icons (run once; the PNGs are committed): a 192x192 colour icon and a
// 32x32 white-on-transparent outline icon, both showing a box (container) inside a frame (VM).
import { writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';

function draw(size, paint) {
  const png = new PNG({ width: size, height: size, colorType: 6 });
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = paint(x, y, size);
      const i = (y * size + x) * 4;
      png.data[i] = r;
      png.data[i + 1] = g;
      png.data[i + 2] = b;
      png.data[i + 3] = a;
    }
  }
  return PNG.sync.write(png, { colorType: 6 });
}

const inRect = (x, y, x0, y0, x1, y1) => x >= x0 && x < x1 && y >= y0 && y < y1;
const frame = (x, y, x0, y0, x1, y1, t) => inRect(x, y, x0, y0, x1, y1) && !inRect(x, y, x0 + t, y0 + t, x1 - t, y1 - t);

writeFileSync(
  'appPackage/color.png',
  draw(192, (x, y, s) => {
    if (frame(x, y, 28, 28, s - 28, s - 28, 10)) return [255, 255, 255, 255];
    if (inRect(x, y, 64, 64, s - 64, s - 64)) return [255, 196, 0, 255];
    return [29, 79, 145, 255];
  }),
);
writeFileSync(
  'appPackage/outline.png',
  draw(32, (x, y, s) => (frame(x, y, 2, 2, s - 2, s - 2, 2) || inRect(x, y, 11, 11, s - 11, s - 11) ? [255, 255, 255, 255] : [0, 0, 0, 0])),
);
