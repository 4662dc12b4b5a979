package io.github.visionj.pipeline;

import java.util.stream.Collectors;

import io.github.visionj.VisionJException;
import io.github.visionj.image.Axis;
import io.github.visionj.image.AxisImage;
import io.github.visionj.image.RegionSource;
import io.github.visionj.model.AxisDescription;
import io.github.visionj.model.SizeRule;

/**
 * Checks before any work that an image suits a model: its channels, its size and the memory the
 * model's inputs and output maps of it take. Each problem is a {@link VisionJException} naming the
 * fix.
 */
public final class InputCheck {

	private InputCheck() {}

	/** Checks that the image suits the model {@code runner} runs. */
	public static void check(ModelRunner runner, AxisImage<?> image) {
		long[] spatial = runner.samples.spatialSize(image);
		checkInput(runner, image.size(Axis.C), image.size(Axis.Z), spatial, sizeText(image));
		checkMemory(runner, spatial, sizeText(image) + " image");
	}

	/**
	 * {@link #check(ModelRunner, AxisImage)} for a plane of {@code source} segmented in
	 * {@code blocks}: the memory needed is that of the largest block.
	 */
	static void check(ModelRunner runner, RegionSource source, Blocks blocks) {
		String size = source.width() + "x" + source.height() + (source.slices() > 1 ? "x" + source.slices() : "");
		checkInput(runner, source.channels(), source.slices(), new long[] { source.height(), source.width() }, size);
		checkMemory(runner, new long[] { blocks.maxReadHeight(), blocks.maxReadWidth() }, blocks.count() == 1 ? size + " image"
			: size + " image in blocks of " + blocks.maxReadWidth() + "x" + blocks.maxReadHeight());
	}

	/** The memory the input and the output maps of a plane (or volume) of this spatial size take. */
	static long bytes(ModelRunner runner, long[] spatial) {
		OutputGeometry map = runner.geometries.get(runner.mapOutput);
		long voxels = 1, outVoxels = 1;
		for (long s : spatial) {
			voxels *= s;
			outVoxels *= runner.isDense() ? map.outputSize(s) + 2L * map.border() : s;
		}
		long bytes = 4 * (voxels * inputChannels(runner) + outVoxels * runner.outputChannels());
		return runner.options().augment() ? 2 * bytes : bytes; // a mirrored copy of the input and the sum of the outputs beside them
	}

	/** The memory Java can still take: its maximum less what is in use. */
	public static long freeMemory() {
		Runtime rt = Runtime.getRuntime();
		return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
	}

	private static void checkInput(ModelRunner runner, long c, long slices, long[] spatial, String sizeText) {
		String name = runner.description().name();
		TensorLayout in = runner.in;
		int inputs = runner.ins.size(), expected = inputChannels(runner);
		if (inputs > 1 && c != expected) throw new VisionJException("Model '" + name + "' takes " + inputs +
			" inputs (" + runner.ins.stream().map(i -> "'" + i.tensor.id() + "' " + i.channels() + " channel" + (i.channels() == 1 ? "" : "s"))
				.collect(Collectors.joining(", ")) + "), read from consecutive channels of the image, but the image has " +
			c + " channel" + (c == 1 ? "" : "s") + "; merge the inputs into one image of " + expected + " channels (Image › Color › Merge Channels).");
		if (c != expected && !(c == 1 && expected == 3 && runner.description().visionj().grayToRgb())) {
			throw new VisionJException("Model '" + name + "' expects " + expected + " channel" + (expected == 1 ? "" : "s") +
				" but the image has " + c + "; " + (c == 3 && expected == 1
					? "convert it to 8-bit or 16-bit first (Image › Type) or split the channels."
					: "choose an image with " + expected + " channel(s) or a model made for " + c + "."));
		}
		if (in.is3d() && slices == 1) throw new VisionJException("Model '" + name +
			"' is a 3D model but the image has no Z slices; give it a Z stack or use a 2D model.");
		int[] dims = in.spatialDims();
		for (int i = 0; i < dims.length; i++) {
			long min = minimumSize(in.axis(dims[i]));
			for (int j = 0; j < runner.outs.size(); j++)
				min = Math.max(min, runner.tiles.halo(j, in.axis(dims[i]).id()));
			if (spatial[i] < min) throw new VisionJException("The image is " + sizeText + " pixels, too small for model '" +
				name + "', which needs at least " + min + " pixels along " + in.axis(dims[i]).id() + "; use a larger image.");
		}
	}

	private static void checkMemory(ModelRunner runner, long[] spatial, String what) {
		long bytes = bytes(runner, spatial), free = freeMemory();
		if (bytes > free * 0.8) throw new VisionJException("Running model '" + runner.description().name() + "' on this " + what +
			" needs about " + (bytes >> 20) + " MB but only " + (free >> 20) +
			" MB of memory are free; give ImageJ more memory (Edit › Options › Memory & Threads) or crop the image.");
	}

	/** Image channels the model reads: the channels of all its inputs. */
	private static int inputChannels(ModelRunner runner) {
		return runner.ins.stream().mapToInt(TensorLayout::channels).sum();
	}

	private static long minimumSize(AxisDescription axis) {
		// A fixed-size model takes smaller images padded; a parameterized one names its minimum.
		return axis.size() instanceof SizeRule.Parameterized p ? Math.min(p.min(), 16) : 4;
	}

	private static String sizeText(AxisImage<?> image) {
		return image.size(Axis.X) + "x" + image.size(Axis.Y) + (image.size(Axis.Z) > 1 ? "x" + image.size(Axis.Z) : "");
	}
}
