package io.github.visionj.image;

import java.util.ArrayList;
import java.util.List;

import io.github.visionj.VisionJException;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.converter.Converters;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * An ImgLib2 image together with what its dimensions mean and how large its pixels are.
 * ImgPlus would carry this too, but it lives in imagej-common, which VisionJ does not
 * depend on; this record is the small part of it that the core needs.
 *
 * @param data the pixels; dimension {@code d} has the meaning {@code axes.get(d)}
 * @param axes one entry per dimension of {@code data}, each axis at most once, X and Y always present
 * @param calibration pixel size and units
 */
public record AxisImage<T extends RealType<T>>(RandomAccessibleInterval<T> data, List<Axis> axes,
	Calibration calibration)
{

	public AxisImage {
		axes = List.copyOf(axes);
		if (axes.size() != data.numDimensions()) throw new IllegalArgumentException(
			"The image has " + data.numDimensions() + " dimensions but " + axes.size() + " axes were named: " + axes);
		if (!axes.contains(Axis.X) || !axes.contains(Axis.Y)) throw new IllegalArgumentException(
			"The image must have X and Y axes, but its axes are " + axes);
		if (axes.stream().distinct().count() != axes.size()) throw new IllegalArgumentException(
			"An axis is named twice: " + axes);
	}

	/** The dimension index of {@code axis}, or -1 when the image has no such axis. */
	public int indexOf(Axis axis) {
		return axes.indexOf(axis);
	}

	/** The size along {@code axis}; 1 for an axis the image does not have. */
	public long size(Axis axis) {
		int d = axes.indexOf(axis);
		return d < 0 ? 1 : data.dimension(d);
	}

	/**
	 * The channels of these images one after the other, as one image (a view, converted to float):
	 * how further images feed the further inputs of a model that reads its inputs from consecutive channels.
	 *
	 * @param names the images' names, for the message when their sizes differ
	 */
	public static AxisImage<FloatType> channelsOf(List<AxisImage<?>> images, List<String> names) {
		List<Axis> order = List.of(Axis.X, Axis.Y, Axis.C, Axis.Z, Axis.T);
		AxisImage<?> first = images.get(0);
		List<RandomAccessibleInterval<FloatType>> views = new ArrayList<>();
		for (int n = 0; n < images.size(); n++) {
			AxisImage<?> image = images.get(n);
			for (Axis a : List.of(Axis.X, Axis.Y, Axis.Z, Axis.T))
				if (image.size(a) != first.size(a)) throw new VisionJException("The image " + names.get(n) + " has " +
					image.size(a) + " pixels along " + a.name().toLowerCase() + " but " + names.get(0) + " has " + first.size(a) +
					"; give images of one size for the inputs of a model.");
			views.add(inOrder(image, order));
		}
		return new AxisImage<>(Views.concatenate(2, views), order, first.calibration());
	}

	/** The image as float, with the axes of {@code order} (missing ones of size 1) in that order. */
	private static <T extends RealType<T>> RandomAccessibleInterval<FloatType> inOrder(AxisImage<T> image, List<Axis> order) {
		RandomAccessibleInterval<FloatType> v = Converters.convert(image.data(), (a, b) -> b.setReal(a.getRealFloat()),
			new FloatType());
		List<Axis> axes = new ArrayList<>(image.axes());
		for (Axis a : order)
			if (!axes.contains(a)) {
				v = Views.addDimension(v, 0, 0);
				axes.add(a);
			}
		for (int target = 0; target < order.size(); target++) {
			int at = axes.indexOf(order.get(target));
			if (at != target) {
				v = Views.permute(v, at, target);
				axes.set(at, axes.get(target));
				axes.set(target, order.get(target));
			}
		}
		return v;
	}
}
