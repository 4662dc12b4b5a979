package io.github.visionj.output;

import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;
import ij.gui.Roi;
import ij.process.ImageProcessor;
import ij.process.ImageStatistics;
import io.github.visionj.image.RegionSource;

/**
 * Measures ROIs on an input image exactly as Analyze › Measure does, without touching the
 * input's own selection, position or the global Results table.
 */
public final class Measurements {

	private static final int FLAGS = ij.measure.Measurements.AREA | ij.measure.Measurements.CENTROID |
		ij.measure.Measurements.RECT | ij.measure.Measurements.MEAN | ij.measure.Measurements.MIN_MAX |
		ij.measure.Measurements.INTEGRATED_DENSITY | ij.measure.Measurements.PERIMETER |
		ij.measure.Measurements.SHAPE_DESCRIPTORS;

	private Measurements() {}

	/**
	 * One measurement per ROI, each on the plane given by the ROI's position: its z and t, and for
	 * a hyperstack ROI on all channels (channel 0), the channel the input currently shows, as
	 * Analyze › Measure would. RGB images are measured as ImageJ does, on (weighted) luminance.
	 */
	public static List<RoiMeasurement> measure(ImagePlus input, List<Roi> rois) {
		List<RoiMeasurement> measurements = new ArrayList<>(rois.size());
		for (Roi roi : rois)
			measurements.add(measure(input, roi));
		return measurements;
	}

	public static RoiMeasurement measure(ImagePlus input, Roi roi) {
		// A single-plane image over the same pixels: ImageJ's own statistics, none of the input's state.
		ImagePlus plane = new ImagePlus(input.getTitle(), input.getStack().getProcessor(stackIndex(input, roi)));
		plane.setCalibration(input.getCalibration());
		return statistics(plane, (Roi) roi.clone());
	}

	/**
	 * As {@link #measure(ImagePlus, Roi)}, reading only the ROI's bounding box of its plane from
	 * {@code source} (the input's pixels, for an image too large to hold): the same values, with
	 * coordinates in the whole image's calibrated units.
	 */
	public static RoiMeasurement measure(ImagePlus input, RegionSource source, Roi roi) {
		Rectangle b = roi.getBounds();
		int[] czt = input.convertIndexToPosition(stackIndex(input, roi));
		boolean rgb = input.getType() == ImagePlus.COLOR_RGB;
		ImageProcessor pixels = RegionStack.processor(source.read(b.x, b.y, b.width, b.height, czt[1] - 1, czt[2] - 1),
			source.channels() == 1 || rgb ? 0 : czt[0] - 1, rgb);
		ImagePlus crop = new ImagePlus(input.getTitle(), pixels);
		ij.measure.Calibration cal = input.getCalibration().copy();
		// the crop's pixel (0, 0) is the image's (b.x, b.y)
		cal.xOrigin -= b.x;
		cal.yOrigin -= b.y;
		crop.setCalibration(cal);
		Roi copy = (Roi) roi.clone();
		copy.setLocation(roi.getXBase() - b.x, roi.getYBase() - b.y);
		return statistics(crop, copy);
	}

	private static RoiMeasurement statistics(ImagePlus plane, Roi copy) {
		plane.setRoi(copy, false);
		ImageStatistics stats = plane.getStatistics(FLAGS);
		// Analyzer.saveResults computes these from the statistics and the ROI in the same way.
		double perimeter = copy.getLength();
		double circularity = perimeter == 0 ? 0 : Math.min(1, 4.0 * Math.PI * (stats.area / (perimeter * perimeter)));
		return new RoiMeasurement(stats.area, stats.xCentroid, stats.yCentroid, stats.roiX, stats.roiY, stats.roiWidth,
			stats.roiHeight, stats.mean, stats.min, stats.max, stats.area * stats.mean, stats.pixelCount * stats.umean,
			perimeter, circularity);
	}

	private static int stackIndex(ImagePlus input, Roi roi) {
		if (roi.hasHyperStackPosition()) {
			int c = roi.getCPosition() > 0 ? roi.getCPosition() : input.getChannel();
			return input.getStackIndex(c, roi.getZPosition(), roi.getTPosition());
		}
		return roi.getPosition() > 0 ? roi.getPosition() : input.getCurrentSlice();
	}
}
