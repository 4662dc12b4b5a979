package io.github.visionj.image;

/**
 * Physical size of a pixel and of a time step, carried from the input image to every output
 * image so that measurements stay in the user's units.
 */
public record Calibration(double pixelWidth, double pixelHeight, double pixelDepth, String unit,
	double frameInterval, String timeUnit)
{

	/** One pixel per unit, as ImageJ shows an uncalibrated image. */
	public static final Calibration NONE = new Calibration(1, 1, 1, "pixel", 0, "sec");
}
