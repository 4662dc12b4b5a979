package io.github.visionj.decode;

/**
 * Seeded watershed by priority flood: seeds grow into the mask through the lowest relief first,
 * each pixel taking the label of the neighbour that reached it.
 */
final class Watershed {

	private Watershed() {}

	/**
	 * @param relief lower values are flooded first (e.g. the negated distance to the background)
	 * @param seeds 0 or a label per pixel; seed pixels keep their label
	 * @param mask the pixels that may be flooded; pixels outside stay 0
	 * @return the flooded labels (a new array)
	 */
	static int[] flood(float[] relief, int[] seeds, boolean[] mask, int width, int height) {
		int[] labels = seeds.clone();
		PixelHeap heap = new PixelHeap();
		for (int i = 0; i < labels.length; i++)
			if (labels[i] != 0) heap.push(i, relief[i]);
		while (!heap.isEmpty()) {
			int p = heap.pop();
			int x = p % width, y = p / width;
			for (int k = 0; k < 8; k++) {
				int nx = x + Labels.DX[k], ny = y + Labels.DY[k];
				if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
				int q = ny * width + nx;
				if (mask[q] && labels[q] == 0) {
					labels[q] = labels[p];
					heap.push(q, relief[q]);
				}
			}
		}
		return labels;
	}
}
