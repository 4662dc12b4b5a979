package io.github.visionj.image;

import java.util.ArrayList;
import java.util.List;

import net.imglib2.FinalInterval;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.view.Views;

/**
 * An image held in memory read region by region: every region is a view of the image, not a copy,
 * with the image's axes in its order (less Z, T and a C of one channel).
 */
public record ImageRegions(AxisImage<?> image) implements RegionSource {

	@Override
	public long width() {
		return image.size(Axis.X);
	}

	@Override
	public long height() {
		return image.size(Axis.Y);
	}

	@Override
	public int channels() {
		return (int) image.size(Axis.C);
	}

	@Override
	public int slices() {
		return (int) image.size(Axis.Z);
	}

	@Override
	public int frames() {
		return (int) image.size(Axis.T);
	}

	@Override
	public Calibration calibration() {
		return image.calibration();
	}

	@Override
	public int bitsPerSample() {
		Object type = image.data().getType();
		return type instanceof UnsignedByteType ? 8 : type instanceof UnsignedShortType ? 16 : 32;
	}

	@Override
	@SuppressWarnings({ "rawtypes", "unchecked" })
	public AxisImage<?> read(long x0, long y0, int w, int h, int z, int t) {
		RandomAccessibleInterval view = image.data();
		List<Axis> axes = new ArrayList<>(image.axes());
		// Drop Z, T and a single C from the last dimension to the first so earlier indices stay valid.
		for (int d = axes.size() - 1; d >= 0; d--)
			if (axes.get(d) == Axis.Z || axes.get(d) == Axis.T || (axes.get(d) == Axis.C && view.dimension(d) == 1)) {
				view = Views.hyperSlice(view, d, axes.get(d) == Axis.Z ? z : axes.get(d) == Axis.T ? t : 0);
				axes.remove(d);
			}
		long[] min = new long[axes.size()], max = new long[axes.size()];
		for (int d = 0; d < axes.size(); d++) {
			min[d] = axes.get(d) == Axis.X ? x0 : axes.get(d) == Axis.Y ? y0 : view.min(d);
			max[d] = axes.get(d) == Axis.X ? x0 + w - 1 : axes.get(d) == Axis.Y ? y0 + h - 1 : view.max(d);
		}
		return new AxisImage(Views.zeroMin(Views.interval(view, new FinalInterval(min, max))), axes, image.calibration());
	}
}
