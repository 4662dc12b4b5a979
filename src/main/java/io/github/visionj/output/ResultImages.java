package io.github.visionj.output;

import java.util.Arrays;
import java.util.List;

import ij.CompositeImage;
import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import io.github.visionj.image.FloatTensor;

/**
 * Builds the ImageJ images VisionJ outputs, laid out like the input: the input's Z and T are
 * kept, its channels are replaced by the output's (none for labels and classes).
 */
public final class ResultImages {

	private ResultImages() {}

	/**
	 * A label image (0 background, objects 1..N) with a distinct colour per label. It is 16-bit
	 * while the largest label fits, 32-bit float beyond, as MorphoLibJ does.
	 *
	 * @param planes one row-major plane per (z, t) of {@code input}, z fastest (ImageJ's stack order)
	 */
	public static ImagePlus labels(String title, List<int[]> planes, ImagePlus input) {
		int max = max(planes);
		ImagePlus imp = integerImage(title, planes, max, input);
		imp.setLut(Luts.labels());
		imp.setDisplayRange(0, Math.max(1, max));
		return imp;
	}

	/**
	 * A class image (0 background, classes 1..K). The display range is 0..255 so that class
	 * {@code k} shows in the {@code k}-th colour of {@link Luts#classes()}, whatever K is.
	 *
	 * @param planes one row-major plane per (z, t) of {@code input}, z fastest
	 */
	public static ImagePlus classes(String title, List<int[]> planes, ImagePlus input) {
		ImagePlus imp = integerImage(title, planes, max(planes), input);
		imp.setLut(Luts.classes());
		imp.setDisplayRange(0, 255);
		return imp;
	}

	/**
	 * A 32-bit probability image with one channel per class.
	 *
	 * @param planes one {@code [C, height, width]} tensor per (z, t) of {@code input}, z fastest
	 */
	public static ImagePlus probabilities(String title, List<FloatTensor> planes, ImagePlus input) {
		if (planes.get(0).rank() == 3 && (planes.get(0).dim(1) != input.getHeight() || planes.get(0).dim(2) != input.getWidth()))
			throw new IllegalArgumentException("Expected " + input.getWidth() + "x" + input.getHeight() + " probability maps, not " +
				planes.get(0));
		ImagePlus imp = maps(title, planes, input);
		for (int c = 1; c <= imp.getNChannels(); c++) {
			imp.setPositionWithoutUpdate(c, 1, 1);
			imp.setDisplayRange(0, 1);
		}
		imp.setPositionWithoutUpdate(1, 1, 1);
		return imp;
	}

	/**
	 * A 32-bit image of a model's output maps, one channel per output channel, at the maps' own
	 * size: a map on a coarser or finer grid than the input gets the input's calibration scaled to match.
	 *
	 * @param planes one {@code [C, height, width]} tensor per (z, t) of {@code input}, z fastest, all of one shape
	 */
	public static ImagePlus maps(String title, List<FloatTensor> planes, ImagePlus input) {
		checkPlaneCount(planes.size(), input);
		long[] shape = planes.get(0).shape();
		int channels = (int) shape[0], height = (int) shape[1], width = (int) shape[2], area = width * height;
		ImageStack stack = new ImageStack(width, height);
		for (FloatTensor plane : planes) {
			if (!Arrays.equals(plane.shape(), shape)) throw new IllegalArgumentException("Expected a " + Arrays.toString(shape) +
				" map tensor, not " + plane);
			for (int c = 0; c < channels; c++)
				stack.addSlice(new FloatProcessor(width, height,
					Arrays.copyOfRange(plane.data(), c * area, (c + 1) * area)));
		}
		ImagePlus imp = layOut(new ImagePlus(title, stack), channels, input);
		Calibration calibration = imp.getCalibration();
		calibration.pixelWidth *= (double) input.getWidth() / width;
		calibration.pixelHeight *= (double) input.getHeight() / height;
		if (channels > 1) imp = new CompositeImage(imp, IJ.GRAYSCALE);
		return imp;
	}

	private static ImagePlus integerImage(String title, List<int[]> planes, int max, ImagePlus input) {
		checkPlaneCount(planes.size(), input);
		int width = input.getWidth(), height = input.getHeight();
		ImageStack stack = new ImageStack(width, height);
		for (int[] plane : planes) {
			if (plane.length != width * height) throw new IllegalArgumentException(
				"A plane of " + plane.length + " pixels does not match the input's " + width + "x" + height);
			stack.addSlice(max <= 65535 ? shortPlane(plane, width, height) : floatPlane(plane, width, height));
		}
		return layOut(new ImagePlus(title, stack), 1, input);
	}

	private static ImageProcessor shortPlane(int[] values, int width, int height) {
		short[] pixels = new short[values.length];
		for (int i = 0; i < values.length; i++)
			pixels[i] = (short) values[i];
		return new ShortProcessor(width, height, pixels, null);
	}

	private static ImageProcessor floatPlane(int[] values, int width, int height) {
		float[] pixels = new float[values.length];
		for (int i = 0; i < values.length; i++)
			pixels[i] = values[i];
		return new FloatProcessor(width, height, pixels);
	}

	private static ImagePlus layOut(ImagePlus imp, int channels, ImagePlus input) {
		imp.setDimensions(channels, input.getNSlices(), input.getNFrames());
		imp.setOpenAsHyperStack(imp.getNDimensions() > 3);
		Calibration calibration = input.getCalibration().copy();
		calibration.disableDensityCalibration(); // labels and probabilities are not in the input's value units
		imp.setCalibration(calibration);
		return imp;
	}

	private static void checkPlaneCount(int planes, ImagePlus input) {
		int expected = input.getNSlices() * input.getNFrames();
		if (planes != expected) throw new IllegalArgumentException(
			"Expected " + expected + " planes (Z " + input.getNSlices() + " x T " + input.getNFrames() + "), not " + planes);
	}

	private static int max(List<int[]> planes) {
		int max = 0;
		for (int[] plane : planes)
			for (int v : plane)
				max = Math.max(max, v);
		return max;
	}
}
