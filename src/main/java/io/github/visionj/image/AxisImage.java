package io.github.visionj.image;

import java.util.List;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;

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
}
