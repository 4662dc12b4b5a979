package io.github.visionj.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import io.github.visionj.VisionJException;
import io.github.visionj.image.Axis;
import io.github.visionj.image.AxisImage;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

/** The annotated images divided into the part that trains and the part that validates. */
public record Split(List<Annotated> train, List<Annotated> validation) {

	/** The smallest part of a single image, in pixels along its longer side: a few objects and a training crop. */
	public static final int MIN_PART = 64;

	/**
	 * Several images: {@code part} of them (at least one, and at least one left to train), drawn at
	 * random with a fixed seed, validate; both parts keep the images' order. One image: it is cut in
	 * two across its longer side, the last {@code part} of it (the right or the bottom, at least
	 * {@link #MIN_PART} pixels) validates and the rest (as much at least) trains; an object on the cut
	 * is split with it.
	 */
	public static Split of(List<Annotated> images, double part) {
		if (images.isEmpty()) throw new VisionJException("There is no annotated image to train on; give at least one.");
		if (images.size() == 1) return cut(images.get(0), part);
		List<Integer> order = new ArrayList<>(IntStream.range(0, images.size()).boxed().toList());
		Collections.shuffle(order, new Random(0));
		int n = Math.max(1, Math.min(images.size() - 1, (int) Math.round(images.size() * part)));
		return new Split(pick(images, order.subList(n, order.size())), pick(images, order.subList(0, n)));
	}

	private static List<Annotated> pick(List<Annotated> images, List<Integer> indices) {
		return indices.stream().sorted().map(images::get).toList();
	}

	private static Split cut(Annotated a, double part) {
		int w = a.width(), h = a.height();
		boolean across = w >= h; // cut the width
		int length = across ? w : h;
		if (length < 2 * MIN_PART) throw new VisionJException("The image " + a.name() + " is " + w + "x" + h + " pixels, too small to split " +
			"into a training and a validation part of at least " + MIN_PART + " pixels each; give an image at least " + 2 * MIN_PART +
			" pixels wide or several images.");
		int v = Math.max(MIN_PART, Math.min(length - MIN_PART, (int) Math.round(length * part)));
		Split split = new Split(List.of(crop(a, across, 0, length - v)), List.of(crop(a, across, length - v, v)));
		for (Annotated piece : List.of(split.train().get(0), split.validation().get(0)))
			if (Arrays.stream(piece.labels()).allMatch(l -> l == 0)) throw new VisionJException("The part " + piece.name() + " of the image, kept for " +
				(piece == split.train().get(0) ? "training" : "validation") + ", has no objects; annotate objects all over the image, " +
				"or give several images.");
		return split;
	}

	/** The part of {@code a} from {@code from} over {@code size} pixels along x ({@code across}) or y. */
	private static Annotated crop(Annotated a, boolean across, int from, int size) {
		int w = a.width(), cw = across ? size : w, ch = across ? a.height() : size;
		int[] labels = new int[cw * ch];
		for (int y = 0; y < ch; y++)
			System.arraycopy(a.labels(), (across ? y : y + from) * w + (across ? from : 0), labels, y * cw, cw);
		String name = a.name() + String.format(" (%s %d-%d)", across ? "x" : "y", from, from + size - 1);
		return new Annotated(name, crop(a.image(), across ? Axis.X : Axis.Y, from, size), labels);
	}

	private static <T extends RealType<T>> AxisImage<T> crop(AxisImage<T> image, Axis axis, long from, long size) {
		int n = image.data().numDimensions(), d = image.indexOf(axis);
		long[] min = new long[n], dims = image.data().dimensionsAsLongArray();
		min[d] = from;
		dims[d] = size;
		return new AxisImage<>(Views.offsetInterval(image.data(), min, dims), image.axes(), image.calibration());
	}
}
