package io.github.visionj.evaluate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Scores a predicted label image against the true one. The overlap of every pair of objects that
 * share a pixel is counted in one pass over the pixels (sorting the pairs' keys), so the cost
 * does not grow with the product of the object counts. Label ids need not be consecutive; 0 is
 * background.
 */
public final class InstanceMatching {

	private InstanceMatching() {}

	/** Scores at each IoU threshold (each in [0.5, 1]). */
	public static List<Scores> scores(int[] truth, int[] predicted, int width, int height, double... thresholds) {
		if (truth.length != width * height || predicted.length != width * height) throw new IllegalArgumentException(
			"label images of " + truth.length + " and " + predicted.length + " pixels do not match " + width + "x" + height);
		Matching.checkThresholds(thresholds);
		int[] t = consecutive(truth), p = consecutive(predicted);
		int trueCount = max(t), predictedCount = max(p);
		int[] trueArea = areas(t, trueCount), predictedArea = areas(p, predictedCount);
		long[] keys = new long[t.length];
		int n = 0;
		for (int i = 0; i < t.length; i++)
			if (t[i] != 0 && p[i] != 0) keys[n++] = (long) t[i] << 32 | p[i];
		Arrays.sort(keys, 0, n);
		List<Matching.Pair> pairs = new ArrayList<>();
		for (int start = 0, end; start < n; start = end) {
			end = start;
			while (end < n && keys[end] == keys[start])
				end++;
			int a = (int) (keys[start] >>> 32), b = (int) keys[start], shared = end - start;
			pairs.add(new Matching.Pair(a - 1, b - 1, (double) shared / (trueArea[a] + predictedArea[b] - shared)));
		}
		return Matching.scores(pairs, trueCount, predictedCount, thresholds);
	}

	/** The labels renumbered 1..n in order of their ids, 0 staying 0. */
	private static int[] consecutive(int[] labels) {
		int[] ids = Arrays.stream(labels).filter(l -> l != 0).distinct().sorted().toArray();
		int[] out = new int[labels.length];
		for (int i = 0; i < labels.length; i++)
			if (labels[i] != 0) out[i] = Arrays.binarySearch(ids, labels[i]) + 1;
		return out;
	}

	private static int max(int[] labels) {
		return Arrays.stream(labels).max().orElse(0);
	}

	private static int[] areas(int[] labels, int count) {
		int[] area = new int[count + 1];
		for (int l : labels)
			area[l]++;
		return area;
	}
}
