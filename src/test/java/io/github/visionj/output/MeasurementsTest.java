package io.github.visionj.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.Color;
import java.util.List;

import org.junit.jupiter.api.Test;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.Roi;
import ij.measure.ResultsTable;
import ij.plugin.filter.Analyzer;

class MeasurementsTest {

	private static final int FLAGS = ij.measure.Measurements.AREA | ij.measure.Measurements.CENTROID |
		ij.measure.Measurements.RECT | ij.measure.Measurements.MEAN | ij.measure.Measurements.MIN_MAX |
		ij.measure.Measurements.INTEGRATED_DENSITY | ij.measure.Measurements.PERIMETER |
		ij.measure.Measurements.SHAPE_DESCRIPTORS;

	@Test
	void equalsAnalyzeMeasureOnEveryNucleus() {
		ImagePlus input = TestImages.nuclei();
		input.getCalibration().pixelWidth = 0.5;
		input.getCalibration().pixelHeight = 0.5;
		input.getCalibration().setUnit("um");
		List<Roi> rois = Rois.ofLabels(TestImages.nucleiLabels(), 256, 256, l -> Rois.objectName("n", l));
		List<RoiMeasurement> measured = Measurements.measure(input, rois);

		assertEquals(rois.size(), measured.size());
		for (int i = 0; i < rois.size(); i++)
			assertEqualsAnalyzer(input, rois.get(i), measured.get(i));
		assertEquals(null, input.getRoi()); // the input's selection is left alone
	}

	@Test
	void knownValuesOfARectangle() {
		ImagePlus input = IJ.createImage("in", "8-bit black", 10, 10, 1);
		input.getProcessor().setValue(10);
		input.getProcessor().fill(new Roi(2, 3, 2, 3));
		input.getProcessor().set(2, 3, 40);
		RoiMeasurement m = Measurements.measure(input, new Roi(2, 3, 2, 3));

		assertEquals(new RoiMeasurement(6, 3, 4.5, 2, 3, 2, 3, 15, 10, 40, 90, 90, 10, 4 * Math.PI * 6 / 100), m);
	}

	@Test
	void measuresTheRoisPlaneOfAHyperstack() {
		ImagePlus input = IJ.createImage("in", "16-bit black", 8, 8, 2, 3, 2);
		for (int i = 1; i <= input.getStackSize(); i++)
			input.getStack().getProcessor(i).add(100 * i);
		Roi roi = new Roi(1, 1, 4, 3);
		roi.setPosition(0, 2, 2);
		RoiMeasurement m = Measurements.measure(input, roi);

		assertEquals(100.0 * input.getStackIndex(1, 2, 2), m.mean());
		input.setPosition(1, 2, 2);
		assertEqualsAnalyzer(input, roi, m);
	}

	@Test
	void measuresRgbAsImageJDoes() {
		ImagePlus input = IJ.createImage("in", "RGB black", 6, 6, 1);
		input.getProcessor().setColor(new Color(200, 40, 10));
		input.getProcessor().fill(new Roi(0, 0, 3, 6));
		Roi roi = new Roi(1, 1, 4, 4);
		RoiMeasurement m = Measurements.measure(input, roi);

		assertEquals(83 * 8 / 16.0, m.mean()); // (r + g + b) / 3 as a byte, unweighted by default; half the box is coloured
		assertEqualsAnalyzer(input, roi, m);
	}

	/** Analyze › Measure on the input itself, with the ROI selected. */
	private static void assertEqualsAnalyzer(ImagePlus input, Roi roi, RoiMeasurement m) {
		input.setRoi((Roi) roi.clone(), false);
		ResultsTable rt = new ResultsTable();
		new Analyzer(input, FLAGS, rt).measure();
		input.deleteRoi();
		String what = roi.getName();
		assertEquals(rt.getValue("Area", 0), m.area(), what);
		assertEquals(rt.getValue("X", 0), m.x(), what);
		assertEquals(rt.getValue("Y", 0), m.y(), what);
		assertEquals(rt.getValue("BX", 0), m.bx(), what);
		assertEquals(rt.getValue("BY", 0), m.by(), what);
		assertEquals(rt.getValue("Width", 0), m.width(), what);
		assertEquals(rt.getValue("Height", 0), m.height(), what);
		assertEquals(rt.getValue("Mean", 0), m.mean(), what);
		assertEquals(rt.getValue("Min", 0), m.min(), what);
		assertEquals(rt.getValue("Max", 0), m.max(), what);
		assertEquals(rt.getValue("IntDen", 0), m.intDen(), what);
		assertEquals(rt.getValue("RawIntDen", 0), m.rawIntDen(), what);
		assertEquals(rt.getValue("Perim.", 0), m.perimeter(), what);
		assertEquals(rt.getValue("Circ.", 0), m.circularity(), what);
	}
}
