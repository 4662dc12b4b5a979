package io.github.visionj.output;

import java.util.ArrayList;
import java.util.List;

/**
 * The area one class covers in one plane of a semantic segmentation.
 *
 * @param area in calibrated units (pixel count × pixel width × pixel height)
 * @param z 1-based slice
 * @param t 1-based frame
 */
public record ClassAreaRow(int classIndex, String name, double area, int z, int t) {

	/**
	 * One row per class except background (0), including classes absent from the plane, so that
	 * tables of several planes have the same rows.
	 *
	 * @param classes row-major class index per pixel
	 * @param names the name of each class index, background first
	 * @param pixelArea the calibrated area of one pixel
	 */
	public static List<ClassAreaRow> count(int[] classes, List<String> names, double pixelArea, int z, int t) {
		long[] counts = new long[names.size()];
		for (int c : classes)
			if (c > 0 && c < counts.length) counts[c]++;
		List<ClassAreaRow> rows = new ArrayList<>(counts.length - 1);
		for (int c = 1; c < counts.length; c++)
			rows.add(new ClassAreaRow(c, names.get(c), counts[c] * pixelArea, z, t));
		return rows;
	}
}
