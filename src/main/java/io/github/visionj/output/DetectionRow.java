package io.github.visionj.output;

import ij.measure.Calibration;
import io.github.visionj.decode.Detection;

/**
 * One detected box as a row of the results table, in calibrated units like ImageJ's BX, BY,
 * Width and Height.
 *
 * @param z 1-based slice
 * @param t 1-based frame
 */
public record DetectionRow(String className, double score, double x, double y, double width, double height, int z,
	int t)
{

	public static DetectionRow of(Detection d, String className, Calibration calibration, int z, int t) {
		return new DetectionRow(className, d.score(), calibration.getX(d.x()), calibration.getY(d.y()),
			d.width() * calibration.pixelWidth, d.height() * calibration.pixelHeight, z, t);
	}
}
