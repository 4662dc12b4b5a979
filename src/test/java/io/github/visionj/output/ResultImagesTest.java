package io.github.visionj.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import ij.IJ;
import ij.ImagePlus;
import ij.process.LUT;
import io.github.visionj.image.FloatTensor;

class ResultImagesTest {

	@Test
	void labelsFitting16BitAre16Bit() {
		ImagePlus input = IJ.createImage("in", "8-bit black", 3, 2, 1);
		ImagePlus labels = ResultImages.labels("labels", List.of(new int[] { 0, 1, 2, 0, 65535, 3 }), input);

		assertEquals(16, labels.getBitDepth());
		assertEquals(65535, labels.getProcessor().get(1, 1));
		assertEquals(3, labels.getProcessor().get(2, 1));
		assertEquals(65535, labels.getDisplayRangeMax());
		assertEquals(0, labels.getDisplayRangeMin());
	}

	@Test
	void labelsBeyond16BitAreFloat() {
		ImagePlus input = IJ.createImage("in", "8-bit black", 3, 2, 1);
		ImagePlus labels = ResultImages.labels("labels", List.of(new int[] { 0, 1, 2, 0, 65536, 3 }), input);

		assertEquals(32, labels.getBitDepth());
		assertEquals(65536f, labels.getProcessor().getf(1, 1));
		assertEquals(2f, labels.getProcessor().getf(2, 0));
	}

	@Test
	void labelsKeepTheInputsZAndTButNotItsChannels() {
		ImagePlus input = IJ.createImage("in", "16-bit black", 4, 3, 2, 3, 2);
		input.getCalibration().pixelWidth = 0.5;
		input.getCalibration().setUnit("um");
		input.getCalibration().frameInterval = 7;
		List<int[]> planes = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			int[] plane = new int[12];
			plane[0] = i + 1;
			planes.add(plane);
		}
		ImagePlus labels = ResultImages.labels("labels", planes, input);

		assertEquals(1, labels.getNChannels());
		assertEquals(3, labels.getNSlices());
		assertEquals(2, labels.getNFrames());
		assertTrue(labels.isHyperStack());
		assertEquals(5, labels.getStack().getProcessor(labels.getStackIndex(1, 2, 2)).get(0, 0)); // z 2, t 2: 5th plane
		assertEquals(0.5, labels.getCalibration().pixelWidth);
		assertEquals("µm", labels.getCalibration().getUnit());
		assertEquals(7, labels.getCalibration().frameInterval);
	}

	@Test
	void labelLutIsBlackThenDistinctColours() {
		LUT lut = Luts.labels();
		assertEquals(0, lut.getRGB(0) & 0xffffff);
		Set<Integer> colours = new HashSet<>();
		for (int i = 0; i < 256; i++)
			colours.add(lut.getRGB(i) & 0xffffff);
		assertEquals(256, colours.size());
		assertNotEquals(lut.getRGB(1), lut.getRGB(2));
	}

	@Test
	void classImageShowsClassKInColourK() {
		ImagePlus input = IJ.createImage("in", "8-bit black", 2, 1, 1);
		ImagePlus classes = ResultImages.classes("classes", List.of(new int[] { 0, 2 }), input);

		assertEquals(16, classes.getBitDepth());
		assertEquals(0, classes.getDisplayRangeMin());
		assertEquals(255, classes.getDisplayRangeMax());
		// ImageJ's own rendering: class 2 must come out in the class LUT's colour 2
		int[] rgb = (int[]) classes.getProcessor().convertToRGB().getPixels();
		assertEquals(0, rgb[0] & 0xffffff);
		assertEquals(Luts.classColour(2).getRGB() & 0xffffff, rgb[1] & 0xffffff);
	}

	@Test
	void probabilitiesBecomeChannels() {
		ImagePlus input = IJ.createImage("in", "8-bit black", 2, 1, 2);
		FloatTensor z1 = new FloatTensor(new float[] { 0.1f, 0.2f, 0.9f, 0.8f }, 2, 1, 2);
		FloatTensor z2 = new FloatTensor(new float[] { 0.3f, 0.4f, 0.7f, 0.6f }, 2, 1, 2);
		ImagePlus probabilities = ResultImages.probabilities("p", List.of(z1, z2), input);

		assertEquals(2, probabilities.getNChannels());
		assertEquals(2, probabilities.getNSlices());
		assertEquals(32, probabilities.getBitDepth());
		assertEquals(0.6f, probabilities.getStack().getProcessor(probabilities.getStackIndex(2, 2, 1)).getf(1, 0));
		assertEquals(0.2f, probabilities.getStack().getProcessor(probabilities.getStackIndex(1, 1, 1)).getf(1, 0));
		assertEquals(1.0, probabilities.getDisplayRangeMax());
	}
}
