package io.github.visionj.output;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Roi;
import io.github.visionj.VisionJException;
import io.github.visionj.decode.Boxes;
import io.github.visionj.decode.Detection;
import io.github.visionj.decode.Instance;
import io.github.visionj.decode.Instances;
import io.github.visionj.evaluate.Evaluation;

/** Label images and detection ROI sets read from files, as Evaluate and Train take them. */
public final class LabelFiles {

	private LabelFiles() {}

	/**
	 * Scores one prediction file against its ground-truth label image: a label image plane by plane
	 * ({@code name plane 2} in a stack), or with {@code boxes} a RoiSet.zip against the label boxes
	 * of a single plane.
	 */
	public static void evaluate(Evaluation evaluation, String name, Path predicted, Path truth, boolean boxes) {
		ImagePlus truthImage = open(truth);
		int w = truthImage.getWidth(), h = truthImage.getHeight();
		if (boxes) {
			if (truthImage.getStackSize() > 1) throw new VisionJException("Box matching takes single-plane ground truth, but " +
				truth.getFileName() + " has " + truthImage.getStackSize() + " planes; evaluate the planes as separate images.");
			List<Detection> predictedBoxes = new ArrayList<>();
			for (Roi r : RoiSets.read(predicted))
				predictedBoxes.add(new Detection(r.getXBase(), r.getYBase(), r.getFloatWidth(), r.getFloatHeight(), 0, 1));
			int[] truthLabels = labels(truthImage, 1);
			evaluation.addBoxes(name, Boxes.boxesOf(new Instances(truthLabels, w, h, objects(truthLabels))), predictedBoxes);
			return;
		}
		ImagePlus predImage = open(predicted);
		if (predImage.getWidth() != w || predImage.getHeight() != h || predImage.getStackSize() != truthImage.getStackSize())
			throw new VisionJException("The prediction " + predicted.getFileName() + " is " + size(predImage) +
				" but its ground truth " + truth.getFileName() + " is " + size(truthImage) + "; pair images of the same size.");
		int planes = truthImage.getStackSize();
		for (int p = 1; p <= planes; p++)
			evaluation.addInstances(planes == 1 ? name : name + " plane " + p, labels(truthImage, p), labels(predImage, p), w, h);
	}

	/** The label image of a file, refused when ImageJ cannot open it or it is RGB. */
	public static ImagePlus open(Path path) {
		ImagePlus imp = IJ.openImage(path.toString());
		if (imp == null) throw new VisionJException("Cannot read " + path + ": ImageJ cannot open it as an image; check the file.");
		if (imp.getType() == ImagePlus.COLOR_RGB) throw new VisionJException(path.getFileName() +
			" is an RGB image, not a label image; give 8-, 16- or 32-bit label images.");
		return imp;
	}

	/** The labels of stack slice {@code plane} (from 1), refused unless every pixel is a whole number ≥ 0. */
	public static int[] labels(ImagePlus imp, int plane) {
		ImageStack stack = imp.getStack();
		var ip = stack.getProcessor(plane);
		int[] labels = new int[ip.getPixelCount()];
		for (int i = 0; i < labels.length; i++) {
			float v = ip.getf(i);
			if (v < 0 || v != Math.rint(v)) throw new VisionJException("Image " + imp.getTitle() + " is not a label image (pixel value " +
				v + "); give images where 0 is background and objects are positive whole numbers.");
			labels[i] = (int) v;
		}
		return labels;
	}

	/** The objects of a label image as the decoder records describe them: one per distinct label. */
	static List<Instance> objects(int[] labels) {
		int max = Arrays.stream(labels).max().orElse(0);
		boolean[] present = new boolean[max + 1];
		for (int l : labels)
			present[l] = true;
		List<Instance> objects = new ArrayList<>();
		for (int l = 1; l <= max; l++)
			if (present[l]) objects.add(new Instance(l, 0, 1));
		return objects;
	}

	private static String size(ImagePlus imp) {
		return imp.getWidth() + "x" + imp.getHeight() + "x" + imp.getStackSize();
	}
}
