package io.github.visionj.output;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;

import ij.ImagePlus;
import ij.gui.Roi;
import ij.plugin.filter.ThresholdToSelection;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;
import io.github.visionj.decode.Detection;
import io.github.visionj.decode.LabelBounds;

/** ImageJ ROIs of decoded results, traced by ImageJ's own ThresholdToSelection. */
public final class Rois {

	private Rois() {}

	/**
	 * One ROI per label present in a label image, in label order, each covering exactly that
	 * label's pixels. Each label is traced in its bounding box only, so the cost grows with the
	 * objects' size, not with the number of labels times the image size.
	 *
	 * @param labels row-major label image, 0 = background
	 * @param name the ROI name of each label, e.g. {@code l -> Rois.objectName("nucleus", l)}
	 */
	public static List<Roi> ofLabels(int[] labels, int width, int height, IntFunction<String> name) {
		return new ArrayList<>(byLabel(labels, width, height, name).values());
	}

	/** As {@link #ofLabels}, keyed by label, in label order. */
	public static Map<Integer, Roi> byLabel(int[] labels, int width, int height, IntFunction<String> name) {
		checkSize(labels, width, height);
		LabelBounds b = LabelBounds.of(labels, width, Arrays.stream(labels).max().orElse(0));
		Map<Integer, Roi> rois = new LinkedHashMap<>();
		for (int l = 1; l <= b.labelCount(); l++) {
			if (!b.present(l)) continue;
			int x0 = b.x(l), y0 = b.y(l);
			ByteProcessor crop = new ByteProcessor(b.width(l), b.height(l));
			for (int y = 0; y < crop.getHeight(); y++)
				for (int x = 0; x < crop.getWidth(); x++)
					if (labels[(y0 + y) * width + x0 + x] == l) crop.set(x, y, 255);
			Roi roi = trace(crop);
			roi.setLocation(roi.getXBase() + x0, roi.getYBase() + y0);
			roi.setName(name.apply(l));
			rois.put(l, roi);
		}
		return rois;
	}

	/**
	 * The ROI of one object given as a mask in its bounding box ({@code mask[y * width + x]}) at
	 * ({@code x0}, {@code y0}): the outline {@link #byLabel} gives for the same pixels; null when the mask is empty.
	 */
	public static Roi ofMask(boolean[] mask, int width, int height, int x0, int y0, String name) {
		ByteProcessor crop = new ByteProcessor(width, height);
		boolean any = false;
		for (int i = 0; i < mask.length; i++)
			if (mask[i]) {
				crop.set(i, 255);
				any = true;
			}
		if (!any) return null;
		Roi roi = trace(crop);
		roi.setLocation(roi.getXBase() + x0, roi.getYBase() + y0);
		roi.setName(name);
		return roi;
	}

	/** All pixels of class {@code cls} as one (possibly composite) ROI; null when there are none. */
	public static Roi ofClass(int[] classes, int width, int height, int cls) {
		checkSize(classes, width, height);
		ByteProcessor mask = new ByteProcessor(width, height);
		boolean any = false;
		for (int i = 0; i < classes.length; i++)
			if (classes[i] == cls) {
				mask.set(i, 255);
				any = true;
			}
		return any ? trace(mask) : null;
	}

	/** A rectangle ROI with sub-pixel edges, named {@code "<class> <score>"}. */
	public static Roi ofBox(Detection d, String className) {
		Roi roi = new Roi(d.x(), d.y(), d.width(), d.height());
		roi.setName(detectionName(className, d.score()));
		return roi;
	}

	/** {@code prefix-0042}: zero-padded to four digits so that names sort in label order. */
	public static String objectName(String prefix, int label) {
		return String.format(Locale.ROOT, "%s-%04d", prefix, label);
	}

	/** {@code nucleus 0.87}: the class and the score with two decimals. */
	public static String detectionName(String className, double score) {
		return String.format(Locale.ROOT, "%s %.2f", className, score);
	}

	/**
	 * Ties ROIs to plane (z, t) of {@code image} (1-based), on all channels of a hyperstack, so
	 * that the ROI Manager and measurements use that plane. Single-plane images need no position.
	 */
	public static void place(List<Roi> rois, ImagePlus image, int z, int t) {
		if (image.getStackSize() == 1) return;
		boolean hyperstack = image.isHyperStack() || image.getNChannels() > 1;
		for (Roi roi : rois)
			if (hyperstack) roi.setPosition(0, z, t);
			else roi.setPosition(image.getStackIndex(1, z, t));
	}

	private static Roi trace(ByteProcessor mask) {
		mask.setThreshold(255, 255, ImageProcessor.NO_LUT_UPDATE);
		return new ThresholdToSelection().convert(mask);
	}

	private static void checkSize(int[] pixels, int width, int height) {
		if (pixels.length != width * height) throw new IllegalArgumentException(
			"An image of " + pixels.length + " pixels does not match " + width + "x" + height);
	}
}
