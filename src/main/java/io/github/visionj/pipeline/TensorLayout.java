package io.github.visionj.pipeline;

import java.util.List;

import io.github.visionj.image.FloatTensor;
import io.github.visionj.image.TensorRegions;
import io.github.visionj.image.Tensors;
import io.github.visionj.model.AxisDescription;
import io.github.visionj.model.AxisKind;
import io.github.visionj.model.SizeRule;
import io.github.visionj.model.TensorDescription;

/**
 * Where the batch, channel and spatial axes of one model tensor are, so the pipeline can build
 * and read tensors in whatever axis order the model description declares. Axes of fixed size 1
 * (a z axis of one slice beside y and x) are neither spatial nor channel: they are kept at size 1.
 */
final class TensorLayout {

	final TensorDescription tensor;
	final int rank, batch, channel, x, y, z;

	TensorLayout(TensorDescription tensor) {
		this.tensor = tensor;
		List<AxisDescription> axes = tensor.axes();
		rank = axes.size();
		int b = -1, c = -1, xi = -1, yi = -1, zi = -1;
		for (int d = 0; d < rank; d++) {
			AxisDescription a = axes.get(d);
			if (a.kind() == AxisKind.BATCH) b = d;
			else if (a.kind() == AxisKind.CHANNEL) c = d;
			else if (a.size() instanceof SizeRule.Fixed f && f.size() == 1) continue; // a singleton axis, e.g. z of a 2D map
			else if (a.id().equals("x")) xi = d;
			else if (a.id().equals("y")) yi = d;
			else if (a.id().equals("z")) zi = d;
		}
		batch = b;
		channel = c;
		x = xi;
		y = yi;
		z = zi;
	}

	AxisDescription axis(int d) {
		return tensor.axes().get(d);
	}

	/** The description's name for the tensor and one of its axes, for messages: "axis y of output 'maps'". */
	String describe(int d, boolean input) {
		return "axis " + axis(d).id() + " of " + (input ? "input" : "output") + " '" + tensor.id() + "'";
	}

	/** Number of channels the tensor has (1 without a channel axis). */
	int channels() {
		if (channel < 0) return 1;
		AxisDescription a = axis(channel);
		if (a.size() instanceof SizeRule.Fixed f) return (int) f.size();
		return a.channelNames().size();
	}

	boolean isImage() {
		return x >= 0 && y >= 0;
	}

	boolean is3d() {
		return z >= 0;
	}

	/** Spatial dimensions in the order z (if any), y, x. */
	int[] spatialDims() {
		return is3d() ? new int[] { z, y, x } : new int[] { y, x };
	}

	/** Whether every spatial axis has one fixed size. */
	boolean fixedSize() {
		for (int d : spatialDims())
			if (!(axis(d).size() instanceof SizeRule.Fixed)) return false;
		return true;
	}

	/**
	 * The shape of a tensor with batch 1, {@code channels} channels and the given spatial sizes
	 * (z, y, x order as {@link #spatialDims()}); other axes get size 1.
	 */
	long[] shape(int channels, long[] spatial) {
		long[] shape = new long[rank];
		java.util.Arrays.fill(shape, 1);
		if (channel >= 0) shape[channel] = channels;
		int[] dims = spatialDims();
		for (int i = 0; i < dims.length; i++)
			shape[dims[i]] = spatial[i];
		return shape;
	}

	/** The permutation that brings this tensor into [C, (Z,) Y, X] order after dropping batch. */
	int[] channelFirstOrder() {
		int[] dims = spatialDims();
		int[] order = new int[rank];
		int i = 0;
		order[i++] = channel;
		for (int d : dims)
			order[i++] = d;
		for (int d = 0; d < rank; d++)
			if (d != channel && !contains(dims, d)) order[i++] = d;
		return order;
	}

	/** The sizes of a tensor of this layout along its spatial axes, in the order of {@link #spatialDims()}. */
	long[] spatialOf(FloatTensor t) {
		int[] dims = spatialDims();
		long[] s = new long[dims.length];
		for (int i = 0; i < dims.length; i++)
			s[i] = t.dim(dims[i]);
		return s;
	}

	/** [C, (Z,) Y, X] from a tensor of this layout (batch and other size-1 axes dropped); C is 1 without a channel axis. */
	FloatTensor toChannelFirst(FloatTensor t) {
		int[] dims = spatialDims();
		if (channel < 0) {
			long[] shape = new long[dims.length + 1];
			shape[0] = 1;
			for (int i = 0; i < dims.length; i++)
				shape[i + 1] = t.dim(dims[i]);
			int[] order = new int[rank];
			int j = 0;
			for (int d : dims)
				order[j++] = d;
			for (int d = 0; d < rank; d++)
				if (!contains(dims, d)) order[j++] = d;
			return new FloatTensor(Tensors.permute(t, order).data(), shape);
		}
		FloatTensor p = Tensors.permute(t, channelFirstOrder());
		long[] shape = new long[dims.length + 1];
		for (int i = 0; i <= dims.length; i++)
			shape[i] = p.dim(i);
		return new FloatTensor(p.data(), shape);
	}

	/** The inverse of {@link #toChannelFirst} for a [C, Y, X] tensor. */
	FloatTensor fromChannelFirst(FloatTensor chw) {
		long[] shape = shape((int) chw.dim(0), new long[] { chw.dim(1), chw.dim(2) });
		int[] order = channelFirstOrder(); // dim d of the [C, Y, X, 1…] view is dim order[d] of the layout
		int[] inverse = new int[order.length];
		long[] viewShape = new long[order.length];
		for (int d = 0; d < order.length; d++) {
			inverse[order[d]] = d;
			viewShape[d] = shape[order[d]];
		}
		return new FloatTensor(Tensors.permute(new FloatTensor(chw.data(), viewShape), inverse).data(), shape);
	}

	/** A map of this layout without the border its description's size leaves out (the size of the network's own output). */
	FloatTensor withoutBorder(FloatTensor t, int border) {
		if (border == 0) return t;
		long[] shape = t.shape(), start = new long[shape.length];
		for (int d : spatialDims()) {
			shape[d] -= 2L * border;
			start[d] = border;
		}
		FloatTensor cropped = FloatTensor.zeros(shape);
		TensorRegions.copy(t, start, cropped, new long[shape.length], shape);
		return cropped;
	}

	private static boolean contains(int[] a, int v) {
		for (int e : a)
			if (e == v) return true;
		return false;
	}
}
