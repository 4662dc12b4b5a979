package io.github.visionj.pipeline;

import io.github.visionj.VisionJException;
import io.github.visionj.image.Axis;
import io.github.visionj.image.AxisImage;
import io.github.visionj.image.FloatTensor;
import io.github.visionj.image.Tensors;
import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

/** Copies one plane or volume of an {@link AxisImage} into a tensor in a model's input layout. */
final class PlaneReader {

	private PlaneReader() {}

	/**
	 * Fills {@code tensor} (shape from {@code layout}) with the pixels of {@code plane}, channels
	 * {@code first} to {@code first + channels - 1} of the image. A one-channel image is repeated
	 * into every channel when the model has more (its description allows that; {@link InputCheck#check}
	 * has verified it).
	 */
	static void read(AxisImage<?> image, Plane plane, FloatTensor tensor, TensorLayout layout, int first, int channels) {
		long[] stride = Tensors.strides(tensor.shape());
		float[] data = tensor.data();
		long imageChannels = image.size(Axis.C);
		for (int c = 0; c < channels; c++) {
			RandomAccessibleInterval<? extends RealType<?>> slice = slice(image, plane, imageChannels == 1 ? 0 : first + c);
			// The slice's dimensions are x, y (and z for volumes): flat iteration is x fastest.
			long sx = stride[layout.x], sy = stride[layout.y], sz = layout.is3d() ? stride[layout.z] : 0;
			long base = layout.channel >= 0 ? c * stride[layout.channel] : 0;
			long w = slice.dimension(0), h = slice.dimension(1);
			Cursor<? extends RealType<?>> cursor = Views.flatIterable(slice).cursor();
			long x = 0, y = 0, z = 0;
			while (cursor.hasNext()) {
				float v = cursor.next().getRealFloat();
				// NaN and ±Infinity would spread through normalisation and the network into wrong objects.
				if (!Float.isFinite(v)) throw new VisionJException("The image has a" + (Float.isNaN(v) ? " NaN" : "n infinite (" + v + ")") +
					" pixel at x=" + x + ", y=" + y + (layout.is3d() ? ", z=" + z : plane.z() > 0 ? ", z=" + (plane.z() + 1) : "") +
					(Float.isNaN(v) ? "; replace NaNs first (Process › Math › Remove NaNs…)." :
						"; replace infinite values first (e.g. Process › Math › Min… and Max…)."));
				data[(int) (base + z * sz + y * sy + x * sx)] = v;
				if (++x == w) {
					x = 0;
					if (++y == h) {
						y = 0;
						z++;
					}
				}
			}
		}
	}

	/** The x, y (, z) view of one channel at the plane's z and t; axes kept in x, y, z order. */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static RandomAccessibleInterval<? extends RealType<?>> slice(AxisImage<?> image, Plane plane, int channel) {
		RandomAccessibleInterval view = image.data();
		// Drop dimensions from the last to the first so earlier indices stay valid.
		for (int d = image.axes().size() - 1; d >= 0; d--) {
			Axis a = image.axes().get(d);
			if (a == Axis.C) view = Views.hyperSlice(view, d, channel);
			else if (a == Axis.T) view = Views.hyperSlice(view, d, plane.t());
			else if (a == Axis.Z && !plane.isVolume()) view = Views.hyperSlice(view, d, plane.z());
		}
		// What remains is X, Y (, Z) in the image's order; bring it to x, y, z.
		int[] remaining = image.axes().stream().filter(a -> a == Axis.X || a == Axis.Y || (a == Axis.Z && plane.isVolume()))
			.mapToInt(a -> a == Axis.X ? 0 : a == Axis.Y ? 1 : 2).toArray();
		for (int target = 0; target < remaining.length; target++) {
			int at = indexOf(remaining, target);
			if (at != target) {
				view = Views.permute(view, at, target);
				int tmp = remaining[at];
				remaining[at] = remaining[target];
				remaining[target] = tmp;
			}
		}
		return Views.zeroMin(view);
	}

	private static int indexOf(int[] a, int v) {
		for (int i = 0; i < a.length; i++)
			if (a[i] == v) return i;
		return -1;
	}
}
