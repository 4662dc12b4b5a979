package io.github.visionj.decode;

import java.util.ArrayList;
import java.util.List;

/** Label image steps shared by the instance decoders: connected components, size filter, relabelling. */
final class Labels {

	/** 8-neighbourhood offsets (dx, dy), so diagonal pixels belong to the same object. */
	static final int[] DX = { -1, 0, 1, -1, 1, -1, 0, 1 };
	static final int[] DY = { -1, -1, -1, 0, 0, 1, 1, 1 };

	private Labels() {}

	/** 8-connected components of the mask, labelled 1..n in row-major order of their first pixel. */
	static int[] components(boolean[] mask, int width, int height) {
		int[] labels = new int[mask.length];
		int[] stack = new int[mask.length];
		int next = 0;
		for (int start = 0; start < mask.length; start++) {
			if (!mask[start] || labels[start] != 0) continue;
			labels[start] = ++next;
			int top = 0;
			stack[top++] = start;
			while (top > 0) {
				int p = stack[--top];
				int x = p % width, y = p / width;
				for (int k = 0; k < 8; k++) {
					int nx = x + DX[k], ny = y + DY[k];
					if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
					int q = ny * width + nx;
					if (mask[q] && labels[q] == 0) {
						labels[q] = next;
						stack[top++] = q;
					}
				}
			}
		}
		return labels;
	}

	static int max(int[] labels) {
		int max = 0;
		for (int l : labels)
			max = Math.max(max, l);
		return max;
	}

	/** Mean of {@code values} over the pixels of each label; index 0 is unused. */
	static float[] meanPerLabel(int[] labels, float[] values, int labelCount) {
		double[] sum = new double[labelCount + 1];
		int[] size = new int[labelCount + 1];
		for (int i = 0; i < labels.length; i++) {
			sum[labels[i]] += values[i];
			size[labels[i]]++;
		}
		float[] mean = new float[labelCount + 1];
		for (int l = 1; l <= labelCount; l++)
			mean[l] = size[l] == 0 ? 0 : (float) (sum[l] / size[l]);
		return mean;
	}

	/**
	 * Drops labels smaller than {@code minSize} pixels and renumbers the rest 1..N in the order of
	 * their old ids, in place.
	 *
	 * @param scoreOf score of each old label (index 0 unused)
	 * @param classOf class index of each old label, or null when the model has one object class
	 */
	static Instances finish(int[] labels, int width, int height, int minSize, float[] scoreOf, int[] classOf) {
		int labelCount = scoreOf.length - 1;
		int[] size = new int[labelCount + 1];
		for (int l : labels)
			size[l]++;
		int[] newLabel = new int[labelCount + 1];
		List<Instance> objects = new ArrayList<>();
		for (int l = 1; l <= labelCount; l++) {
			if (size[l] == 0 || size[l] < minSize) continue;
			newLabel[l] = objects.size() + 1;
			objects.add(new Instance(newLabel[l], classOf == null ? 0 : classOf[l], scoreOf[l]));
		}
		for (int i = 0; i < labels.length; i++)
			labels[i] = newLabel[labels[i]];
		return new Instances(labels, width, height, objects);
	}
}
