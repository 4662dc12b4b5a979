package io.github.visionj.output;

import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;
import ij.gui.Roi;
import ij.process.ImageStatistics;

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
		Roi copy = (Roi) roi.clone();
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
