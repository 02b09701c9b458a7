/**
 * How well a 2-D projection keeps classes apart, for tests: the share of points closer to their
 * own class centroid than to any other, and the ratio of the smallest centroid distance to the
 * largest class radius (RMS distance to its centroid); above 1 the clusters do not overlap on average.
 */
export function centroidSeparation(points: number[][], labels: number[]): { nearestCentroidAccuracy: number; separationRatio: number } {
  const classes = [...new Set(labels)].sort((a, b) => a - b);
  const centroids = classes.map((c) => {
    const members = points.filter((_, i) => labels[i] === c);
    return [0, 1].map((axis) => members.reduce((sum, p) => sum + p[axis], 0) / members.length);
  });
  const distance = (a: number[], b: number[]) => Math.hypot(a[0] - b[0], a[1] - b[1]);
  let right = 0;
  points.forEach((point, i) => {
    const nearest = centroids.reduce((best, centroid, k) => (distance(point, centroid) < distance(point, centroids[best]) ? k : best), 0);
    if (classes[nearest] === labels[i]) right++;
  });
  const radii = classes.map((c, k) => {
    const members = points.filter((_, i) => labels[i] === c);
    return Math.sqrt(members.reduce((sum, p) => sum + distance(p, centroids[k]) ** 2, 0) / members.length);
  });
  let closest = Infinity;
  for (let a = 0; a < centroids.length; a++)
    for (let b = a + 1; b < centroids.length; b++) closest = Math.min(closest, distance(centroids[a], centroids[b]));
  return { nearestCentroidAccuracy: right / points.length, separationRatio: closest / Math.max(...radii) };
}
