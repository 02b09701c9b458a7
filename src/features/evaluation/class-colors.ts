// One colour per class, the same in the confusion matrix, the map and the galleries.
const PALETTE = ['#2563eb', '#dc2626', '#16a34a', '#d97706', '#9333ea', '#0891b2', '#db2777', '#65a30d', '#4b5563', '#7c2d12'];

export function classColor(classIndex: number): string {
  if (classIndex < PALETTE.length) return PALETTE[classIndex];
  // Beyond the palette: hues spread by the golden angle stay distinct from their neighbours.
  return `hsl(${Math.round((classIndex * 137.508) % 360)}, 65%, 45%)`;
}
