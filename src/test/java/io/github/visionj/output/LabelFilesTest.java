package io.github.visionj.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Roi;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ShortProcessor;
import io.github.visionj.VisionJException;
import io.github.visionj.decode.Instance;
import io.github.visionj.evaluate.Evaluation;

class LabelFilesTest {

	/** A 2-plane 4x2 label stack: plane 1 has object 3, plane 2 objects 1 and 2. */
	private static ImagePlus stack(String title) {
		ImageStack s = new ImageStack(4, 2);
		s.addSlice(new ShortProcessor(4, 2, new short[] { 0, 3, 3, 0, 0, 3, 0, 0 }, null));
		s.addSlice(new ShortProcessor(4, 2, new short[] { 1, 1, 0, 2, 0, 0, 0, 2 }, null));
		return new ImagePlus(title, s);
	}

	@Test
	void labelsAreReadPlaneByPlane() {
		ImagePlus imp = stack("labels");
		assertArrayEquals(new int[] { 0, 3, 3, 0, 0, 3, 0, 0 }, LabelFiles.labels(imp, 1));
		assertArrayEquals(new int[] { 1, 1, 0, 2, 0, 0, 0, 2 }, LabelFiles.labels(imp, 2));
		assertEquals(List.of(new Instance(2, 0, 1), new Instance(5, 0, 1)), LabelFiles.objects(new int[] { 0, 5, 2, 5, 0 }));
		ImagePlus fractions = new ImagePlus("fractions", new FloatProcessor(2, 1, new float[] { 1, 1.5f }));
		assertEquals("Image fractions is not a label image (pixel value 1.5); give images where 0 is background and objects are " +
			"positive whole numbers.", assertThrows(VisionJException.class, () -> LabelFiles.labels(fractions, 1)).getMessage());
	}

	@Test
	void filesThatAreNotLabelImagesAreRefused(@TempDir Path dir) throws Exception {
		Path rgb = dir.resolve("rgb.tif"), text = dir.resolve("notes.txt");
		IJ.saveAsTiff(new ImagePlus("rgb", new ColorProcessor(4, 4)), rgb.toString());
		java.nio.file.Files.writeString(text, "no image");
		assertEquals("rgb.tif is an RGB image, not a label image; give 8-, 16- or 32-bit label images.",
			assertThrows(VisionJException.class, () -> LabelFiles.open(rgb)).getMessage());
		assertEquals("Cannot read " + text + ": ImageJ cannot open it as an image; check the file.",
			assertThrows(VisionJException.class, () -> LabelFiles.open(text)).getMessage());
	}

	@Test
	void stacksAreScoredPerPlaneAndBoxesAgainstTheLabelBoxes(@TempDir Path dir) throws Exception {
		Path truth = dir.resolve("truth.tif"), pred = dir.resolve("pred.tif"), single = dir.resolve("single.tif");
		IJ.saveAsTiff(stack("truth"), truth.toString());
		IJ.saveAsTiff(stack("pred"), pred.toString());
		Evaluation masks = new Evaluation(0.5);
		LabelFiles.evaluate(masks, "a", pred, truth, false);
		assertEquals(List.of("a plane 1,0.50,1,0,0", "a plane 2,0.50,2,0,0", "all,0.50,3,0,0"),
			masks.csv().lines().skip(1).map(l -> String.join(",", List.of(l.split(",")).subList(0, 5))).toList());

		ShortProcessor one = new ShortProcessor(20, 10);
		one.setRoi(2, 3, 4, 5);
		one.setValue(1);
		one.fill();
		IJ.saveAsTiff(new ImagePlus("single", one), single.toString());
		OutputFolder.open(dir.resolve("boxes"), false).writeRois("b", List.of(new Roi(2, 3, 4, 5), new Roi(10, 0, 3, 3)));
		Evaluation boxes = new Evaluation(0.5);
		LabelFiles.evaluate(boxes, "b", dir.resolve("boxes/b_rois.zip"), single, true);
		assertEquals(List.of(1, 1, 0), List.of(boxes.total().get(0).tp(), boxes.total().get(0).fp(), boxes.total().get(0).fn()));

		assertEquals("Box matching takes single-plane ground truth, but truth.tif has 2 planes; evaluate the planes as separate " +
			"images.", assertThrows(VisionJException.class, () -> LabelFiles.evaluate(new Evaluation(0.5), "c",
				dir.resolve("boxes/b_rois.zip"), truth, true)).getMessage());
		assertEquals("The prediction single.tif is 20x10x1 but its ground truth truth.tif is 4x2x2; pair images of the same size.",
			assertThrows(VisionJException.class, () -> LabelFiles.evaluate(new Evaluation(0.5), "d", single, truth, false))
				.getMessage());
	}
}
