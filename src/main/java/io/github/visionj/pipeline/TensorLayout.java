package io.github.visionj.pipeline;

import java.util.List;

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

	private static boolean contains(int[] a, int v) {
		for (int e : a)
			if (e == v) return true;
		return false;
	}
}
