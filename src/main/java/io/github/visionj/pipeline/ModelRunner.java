package io.github.visionj.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.visionj.VisionJException;
import io.github.visionj.decode.Decoder;
import io.github.visionj.engine.LoadedModel;
import io.github.visionj.image.Axis;
import io.github.visionj.image.AxisImage;
import io.github.visionj.image.AxisTiling;
import io.github.visionj.image.FloatTensor;
import io.github.visionj.image.TensorRegions;
import io.github.visionj.image.Tensors;
import io.github.visionj.model.AxisDescription;
import io.github.visionj.model.ModelDescription;
import io.github.visionj.model.Processing;
import io.github.visionj.model.SizeRule;
import io.github.visionj.model.TensorDescription;

/**
 * Runs one loaded model over the planes of an image: builds the network input in the model's
 * axis order, normalises the whole plane, cuts tiles, runs the network and stitches the output.
 * Decoding is not done here; see the task classes of this package.
 */
public final class ModelRunner {

	private final LoadedModel model;
	private final RunOptions options;
	private final TensorLayout in, out;
	/** Input pixels per output pixel along each spatial axis of a dense model (0: not dense). */
	private final int grid;

	public ModelRunner(LoadedModel model, RunOptions options) {
		this.model = model;
		this.options = options;
		ModelDescription d = model.description();
		if (d.inputs().size() != 1) throw new VisionJException("Model '" + d.name() + "' has " + d.inputs().size() +
			" inputs; VisionJ runs models with one input image.");
		in = new TensorLayout(d.inputs().get(0));
		out = new TensorLayout(d.outputs().get(0));
		if (!in.isImage()) throw new VisionJException("The input of model '" + d.name() +
			"' has no x and y axes, so it does not take an image.");
		grid = outputGrid();
	}

	public ModelDescription description() {
		return model.description();
	}

	public Progress progress() {
		return options.progress();
	}

	/** Whether the first output is a map aligned with the input (segmentation), per pixel or on a coarser grid. */
	public boolean isDense() {
		return grid > 0;
	}

	/**
	 * Input pixels per output pixel along y and x: 1 for a per-pixel output; g for a 2D model whose
	 * output space axes have bioimage.io {@code scale} g (StarDist's grid), where output pixel (i, j)
	 * belongs to input pixel (g·i, g·j).
	 */
	public int grid() {
		return grid;
	}

	private int outputGrid() {
		if (!out.isImage() || out.is3d() != in.is3d()) return 0;
		int g = 0;
		for (int d : out.spatialDims()) {
			if (!(out.axis(d).size() instanceof SizeRule.Reference r) || r.offset() != 0 || r.scale() > 1) return 0;
			long inverse = Math.round(1 / r.scale());
			if (Math.abs(inverse * r.scale() - 1) > 1e-9 || g != 0 && inverse != g) return 0;
			g = (int) inverse;
		}
		if (g > 1 && in.is3d()) throw new VisionJException("Model '" + model.description().name() +
			"' is a 3D model with an output grid of " + g + "; VisionJ reads coarser output grids of 2D models only.");
		return g;
	}

	/** The 2D planes (2D model) or 3D volumes (3D model) of an image, in stack order. */
	public List<Plane> planes(AxisImage<?> image) {
		List<Plane> planes = new ArrayList<>();
		int zs = (int) image.size(Axis.Z), ts = (int) image.size(Axis.T);
		for (int t = 0; t < ts; t++) {
			if (in.is3d()) planes.add(new Plane(Plane.ALL, t));
			else for (int z = 0; z < zs; z++)
				planes.add(new Plane(z, t));
		}
		return planes;
	}

	/**
	 * Checks before any work that the image suits the model: channel count, size, memory.
	 * Throws a {@link VisionJException} naming the problem and the fix.
	 */
	public void check(AxisImage<?> image) {
		String name = description().name();
		long c = image.size(Axis.C);
		int expected = in.channels();
		if (c != expected && !(c == 1 && expected == 3 && description().visionj().grayToRgb())) {
			throw new VisionJException("Model '" + name + "' expects " + expected + " channel" + (expected == 1 ? "" : "s") +
				" but the image has " + c + "; " + (c == 3 && expected == 1
					? "convert it to 8-bit or 16-bit first (Image › Type) or split the channels."
					: "choose an image with " + expected + " channel(s) or a model made for " + c + "."));
		}
		if (in.is3d() && image.size(Axis.Z) == 1) throw new VisionJException("Model '" + name +
			"' is a 3D model but the image has no Z slices; give it a Z stack or use a 2D model.");
		long[] spatial = spatialSize(image);
		int[] dims = in.spatialDims();
		for (int i = 0; i < dims.length; i++) {
			long min = Math.max(minimumSize(in.axis(dims[i])), haloOf(dims[i]));
			if (spatial[i] < min) throw new VisionJException("The image is " + sizeText(image) + " pixels, too small for model '" +
				name + "', which needs at least " + min + " pixels along " + in.axis(dims[i]).id() + "; use a larger image.");
		}
		long voxels = 1;
		for (long s : spatial)
			voxels *= s;
		long bytes = 4 * voxels * (expected + outputChannels());
		if (options.augment()) bytes *= 2; // a mirrored copy of the input and the sum of the outputs beside them
		Runtime rt = Runtime.getRuntime();
		long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
		if (bytes > free * 0.8) throw new VisionJException("Running model '" + name + "' on this " + sizeText(image) +
			" image needs about " + (bytes >> 20) + " MB but only " + (free >> 20) +
			" MB of memory are free; give ImageJ more memory (Edit › Options › Memory & Threads) or crop the image.");
	}

	/**
	 * The postprocessed output of a dense model for one plane, as [C, (Z,) Y, X] at the plane's
	 * size, or for an output on a coarser {@link #grid()}, at the plane's size divided by the grid
	 * and rounded up. With {@link RunOptions#augment()}, averaged over the plane's mirror images.
	 *
	 * @param decoder the decoder that will read the output: it says how its channels move in a
	 *          mirror image
	 */
	public FloatTensor maps(AxisImage<?> image, Plane plane, Decoder decoder) {
		if (!isDense()) throw new VisionJException("Model '" + description().name() +
			"' does not output an image aligned with its input, so it cannot segment.");
		FloatTensor input = normalisedInput(image, plane);
		if (!options.augment()) return predictMaps(input, "Predicting tiles");
		return FlipAveraging.average(input, in.y, in.x, grid, outputChannels(), decoder, (mirrored, copy) ->
			predictMaps(mirrored, "Predicting tiles (mirror image " + (copy + 1) + " of " + FlipAveraging.COPIES + ")"));
	}

	/** The output of one normalised input, tiled, stitched and postprocessed, as [C, (Z,) Y, X]. */
	private FloatTensor predictMaps(FloatTensor input, String stage) {
		long[] spatial = spatialOf(input, in), outSpatial = new long[spatial.length];
		for (int i = 0; i < spatial.length; i++)
			outSpatial[i] = ceilDiv(spatial[i], grid);
		FloatTensor output = FloatTensor.zeros(out.shape(outputChannels(), outSpatial));
		int[] inDims = in.spatialDims(), outDims = out.spatialDims();
		AxisTiling[] tilings = tilings(spatial);
		forEachTile(tilings, stage, (k, count) -> {
			FloatTensor tile = readTile(input, tilings, k);
			FloatTensor result = model.network().predict(tile);
			long[] src = new long[out.rank], dst = new long[out.rank], size = result.shape();
			for (int i = 0; i < outDims.length; i++) {
				AxisTiling a = tilings[i];
				src[outDims[i]] = (a.innerStart(k[i]) - a.readStart(k[i])) / grid;
				dst[outDims[i]] = a.innerStart(k[i]) / grid;
				size[outDims[i]] = ceilDiv(a.innerEnd(k[i]), grid) - a.innerStart(k[i]) / grid;
			}
			checkTileOutput(result, tile, inDims, outDims);
			TensorRegions.copy(result, src, output, dst, size);
		});
		TensorDescription od = out.tensor;
		Processing.apply(od.processing(), output, od.axes(), Map.of(in.tensor.id(), input, od.id(), output));
		return channelFirst(output, out);
	}

	/**
	 * A tile of the network's output, the offset of the tile's input in the plane, the part of the
	 * plane the tile answers for, and whether its input was padded beyond the plane's right or
	 * bottom end (only in a plane smaller than one tile).
	 */
	public record TileOutput(FloatTensor output, long offsetX, long offsetY, long innerX0, long innerY0,
		long innerX1, long innerY1, boolean paddedX, boolean paddedY) {}

	/**
	 * Runs a model whose output is not an image (a detector) on the tiles of one 2D plane and
	 * returns each tile's raw output with where that tile lies in the plane.
	 */
	public List<TileOutput> tileOutputs(AxisImage<?> image, Plane plane) {
		refuseAugmentation("a list of boxes");
		FloatTensor input = normalisedInput(image, plane);
		long[] spatial = spatialOf(input, in);
		AxisTiling[] tilings = tilings(spatial);
		List<TileOutput> outputs = new ArrayList<>();
		forEachTile(tilings, "Predicting tiles", (k, count) -> {
			FloatTensor result = model.network().predict(readTile(input, tilings, k));
			AxisTiling ty = tilings[tilings.length - 2], tx = tilings[tilings.length - 1];
			int ky = k[k.length - 2], kx = k[k.length - 1];
			outputs.add(new TileOutput(postprocessed(result, input), tx.readStart(kx), ty.readStart(ky),
				tx.innerStart(kx), ty.innerStart(ky), tx.innerEnd(kx), ty.innerEnd(ky), tx.padded(), ty.padded()));
		});
		return outputs;
	}

	/**
	 * Runs the model once on a region of one 2D plane resized to the model's input size:
	 * stretched (classifiers) or letterboxed, keeping the aspect ratio (detectors of a fixed
	 * size). Returns the postprocessed output and how to map input coordinates back.
	 *
	 * @param region x0, y0, width, height of the region in the plane
	 */
	public Resized resized(AxisImage<?> image, Plane plane, long[] region, boolean letterbox) {
		refuseAugmentation(letterbox ? "a list of boxes" : "class scores");
		FloatTensor raw = rawInput(image, plane);
		long[] spatial = spatialOf(raw, in);
		long x0 = region[0], y0 = region[1], w = region[2], h = region[3];
		if (x0 < 0 || y0 < 0 || w < 1 || h < 1 || x0 + w > spatial[1] || y0 + h > spatial[0]) throw new VisionJException(
			"The region " + w + "x" + h + " at (" + x0 + ", " + y0 + ") is not inside the " + spatial[1] + "x" + spatial[0] +
				" image; select a region within the image.");
		FloatTensor chw = channelFirst(raw, in);
		int c = (int) chw.dim(0);
		FloatTensor crop = FloatTensor.zeros(c, h, w);
		TensorRegions.copy(chw, new long[] { 0, y0, x0 }, crop, new long[3], new long[] { c, h, w });
		int targetH = (int) targetSize(in.axis(in.y), h), targetW = (int) targetSize(in.axis(in.x), w);
		double scale = 1, padX = 0, padY = 0;
		FloatTensor net;
		if (letterbox) {
			scale = Math.min((double) targetW / w, (double) targetH / h);
			int rw = Math.max(1, (int) Math.round(w * scale)), rh = Math.max(1, (int) Math.round(h * scale));
			padX = (targetW - rw) / 2;
			padY = (targetH - rh) / 2;
			FloatTensor small = Tensors.resize(crop, rh, rw);
			net = FloatTensor.zeros(c, targetH, targetW);
			java.util.Arrays.fill(net.data(), (float) letterboxFill(image));
			TensorRegions.copy(small, new long[3], net, new long[] { 0, (long) padY, (long) padX }, new long[] { c, rh, rw });
		}
		else {
			net = Tensors.resize(crop, targetH, targetW);
		}
		FloatTensor modelInput = fromChannelFirst(net, in);
		TensorDescription id = in.tensor;
		Processing.apply(id.processing(), modelInput, id.axes(), Map.of(id.id(), modelInput));
		FloatTensor result = postprocessed(model.network().predict(modelInput), modelInput);
		double sx = letterbox ? scale : (double) targetW / w, sy = letterbox ? scale : (double) targetH / h;
		return new Resized(result, x0, y0, sx, sy, padX, padY);
	}

	/**
	 * A network output for a resized region: network input coordinate u maps to plane
	 * coordinate {@code x0 + (u - padX) / scaleX}.
	 */
	public record Resized(FloatTensor output, double x0, double y0, double scaleX, double scaleY, double padX,
		double padY) {}

	/** Averaging over mirror images needs an output aligned with the image, to mirror back. */
	private void refuseAugmentation(String output) {
		if (options.augment()) throw new VisionJException("Model '" + description().name() + "' outputs " + output +
			", which VisionJ averages over mirror images only for outputs that are images; run it without augmentation.");
	}

	/** Whether every spatial input size is fixed (so the image must be resized or tiled). */
	public boolean fixedInputSize() {
		return in.fixedSize();
	}

	int outputChannels() {
		return out.channels();
	}

	// -- building the input --

	/** The plane (or volume) in the model's input layout after its preprocessing, as the network gets it untiled. */
	public FloatTensor normalisedInput(AxisImage<?> image, Plane plane) {
		FloatTensor input = rawInput(image, plane);
		TensorDescription id = in.tensor;
		Processing.apply(id.processing(), input, id.axes(), Map.of(id.id(), input));
		return input;
	}

	/** The plane (or volume) as a tensor in the model's input layout, before preprocessing. */
	private FloatTensor rawInput(AxisImage<?> image, Plane plane) {
		long[] spatial = spatialSize(image);
		int channels = in.channels();
		FloatTensor t = FloatTensor.zeros(in.shape(channels, spatial));
		PlaneReader.read(image, plane, t, in, channels);
		return t;
	}

	private long[] spatialSize(AxisImage<?> image) {
		return in.is3d() ? new long[] { image.size(Axis.Z), image.size(Axis.Y), image.size(Axis.X) }
			: new long[] { image.size(Axis.Y), image.size(Axis.X) };
	}

	private static long[] spatialOf(FloatTensor t, TensorLayout layout) {
		int[] dims = layout.spatialDims();
		long[] s = new long[dims.length];
		for (int i = 0; i < dims.length; i++)
			s[i] = t.dim(dims[i]);
		return s;
	}

	private double letterboxFill(AxisImage<?> image) {
		// YOLO pads 8-bit images with grey 114; other types get the same fraction of their range.
		double max = image.data().getType() instanceof net.imglib2.type.numeric.integer.UnsignedByteType ? 255
			: image.data().getType() instanceof net.imglib2.type.numeric.integer.UnsignedShortType ? 65535 : 1;
		return max * 114 / 255;
	}

	// -- tiles --

	private AxisTiling[] tilings(long[] spatial) {
		int[] dims = in.spatialDims();
		AxisTiling[] tilings = new AxisTiling[dims.length];
		long max = options.tileSize() > 0 ? options.tileSize() : in.is3d() ? RunOptions.MAX_TILE_3D : RunOptions.MAX_TILE_2D;
		boolean dense = isDense();
		for (int i = 0; i < dims.length; i++) {
			AxisDescription axis = in.axis(dims[i]);
			long halo = dense ? haloOf(dims[i]) : 0;
			long tile = tileSize(axis, spatial[i], halo, max);
			if (dense && tile % grid != 0) throw new VisionJException("Model '" + description().name() + "' outputs one pixel per " +
				grid + "x" + grid + " input pixels but takes tiles of " + tile + " pixels along " + axis.id() +
				"; its description is inconsistent (the input size step must be a multiple of the output grid).");
			if (!dense && tile < spatial[i]) halo = detectionOverlap(axis, tile);
			tilings[i] = new AxisTiling(spatial[i], tile, halo, dense ? grid : 1);
		}
		return tilings;
	}

	/**
	 * A detector's output names no halo, but an object cut by a tile border must be seen whole
	 * by a neighbouring tile: tiles overlap by an eighth of their size on each side, a multiple
	 * of the model's size step so the network's grid stays aligned with the image.
	 */
	private static long detectionOverlap(AxisDescription axis, long tile) {
		long step = axis.size() instanceof SizeRule.Parameterized p ? Math.max(1, p.step()) : 1;
		return Math.max(step, tile / 8 / step * step);
	}

	/**
	 * The tile size along one axis: one tile covering the whole axis when the size rule and the
	 * cap (the tile size option, or 1024 / 128 px) allow it, else the largest allowed size within the cap.
	 */
	static long tileSize(AxisDescription axis, long size, long halo, long max) {
		long need = size;
		if (axis.size() instanceof SizeRule.Fixed f) {
			if (f.size() <= 2 * halo) throw new VisionJException("The model's fixed input size " + f.size() +
				" along " + axis.id() + " leaves nothing inside its halo of " + halo + "; the model description is inconsistent.");
			return f.size();
		}
		if (axis.size() instanceof SizeRule.Parameterized p) {
			long step = Math.max(1, p.step());
			long fit = p.min() + Math.max(0, ceilDiv(need - p.min(), step)) * step;
			if (fit <= Math.max(max, p.min())) return fit;
			long best = p.min() + Math.max(0, (max - p.min()) / step) * step;
			while (best - 2 * halo < 1) best += step;
			return best;
		}
		return need;
	}

	private static long ceilDiv(long a, long b) {
		return a <= 0 ? 0 : (a + b - 1) / b;
	}

	private static long minimumSize(AxisDescription axis) {
		// A fixed-size model takes smaller images padded; a parameterized one names its minimum.
		return axis.size() instanceof SizeRule.Parameterized p ? Math.min(p.min(), 16) : 4;
	}

	/** Halo in input pixels: the output axis's halo, given in output pixels, times the output grid. */
	private long haloOf(int inDim) {
		String id = in.axis(inDim).id();
		for (AxisDescription a : out.tensor.axes())
			if (a.id().equals(id)) return (long) a.halo() * Math.max(grid, 1);
		return 0;
	}

	private FloatTensor readTile(FloatTensor input, AxisTiling[] tilings, int[] k) {
		int[] dims = in.spatialDims();
		long[] spatial = new long[dims.length];
		long[] start = new long[in.rank];
		for (int i = 0; i < dims.length; i++) {
			spatial[i] = tilings[i].tile();
			start[dims[i]] = tilings[i].readStart(k[i]);
		}
		FloatTensor tile = FloatTensor.zeros(in.shape(in.channels(), spatial));
		TensorRegions.copy(input, start, tile, new long[in.rank], tile.shape());
		return tile;
	}

	private interface TileAction {
		void run(int[] k, int count);
	}

	private void forEachTile(AxisTiling[] tilings, String stage, TileAction action) {
		int total = 1;
		for (AxisTiling a : tilings)
			total *= a.count();
		int[] k = new int[tilings.length];
		for (int n = 0; n < total; n++) {
			options.progress().checkCanceled();
			int rest = n;
			for (int i = tilings.length - 1; i >= 0; i--) {
				k[i] = rest % tilings[i].count();
				rest /= tilings[i].count();
			}
			action.run(k, total);
			options.progress().report(stage, n + 1, total);
		}
	}

	private void checkTileOutput(FloatTensor result, FloatTensor tile, int[] inDims, int[] outDims) {
		boolean ok = result.rank() == out.rank && (out.channel < 0 || result.dim(out.channel) == outputChannels());
		for (int i = 0; ok && i < outDims.length; i++)
			ok = result.dim(outDims[i]) * grid == tile.dim(inDims[i]);
		if (!ok) throw new VisionJException("Model '" + description().name() + "' returned a tensor of shape " +
			java.util.Arrays.toString(result.shape()) + " for an input of shape " + java.util.Arrays.toString(tile.shape()) +
			", which does not match its description's output axes; the description or the weights are wrong.");
	}

	private FloatTensor postprocessed(FloatTensor result, FloatTensor input) {
		TensorDescription od = out.tensor;
		Processing.apply(od.processing(), result, od.axes(), Map.of(in.tensor.id(), input, od.id(), result));
		return result;
	}

	// -- axis order --

	/** [C, (Z,) Y, X] from a tensor in a model layout (batch and other size-1 axes dropped). */
	private static FloatTensor channelFirst(FloatTensor t, TensorLayout layout) {
		int[] dims = layout.spatialDims();
		if (layout.channel < 0) {
			long[] shape = new long[dims.length + 1];
			shape[0] = 1;
			for (int i = 0; i < dims.length; i++)
				shape[i + 1] = t.dim(dims[i]);
			int[] order = new int[layout.rank];
			int j = 0;
			for (int d : dims)
				order[j++] = d;
			for (int d = 0; d < layout.rank; d++)
				if (!contains(dims, d)) order[j++] = d;
			return new FloatTensor(Tensors.permute(t, order).data(), shape);
		}
		FloatTensor p = Tensors.permute(t, layout.channelFirstOrder());
		long[] shape = new long[dims.length + 1];
		for (int i = 0; i <= dims.length; i++)
			shape[i] = p.dim(i);
		return new FloatTensor(p.data(), shape);
	}

	/** The inverse of {@link #channelFirst} for a [C, Y, X] tensor. */
	private static FloatTensor fromChannelFirst(FloatTensor chw, TensorLayout layout) {
		long[] shape = layout.shape((int) chw.dim(0), new long[] { chw.dim(1), chw.dim(2) });
		int[] order = layout.channelFirstOrder(); // dim d of the [C, Y, X, 1…] view is dim order[d] of the layout
		int[] inverse = new int[order.length];
		long[] viewShape = new long[order.length];
		for (int d = 0; d < order.length; d++) {
			inverse[order[d]] = d;
			viewShape[d] = shape[order[d]];
		}
		return new FloatTensor(Tensors.permute(new FloatTensor(chw.data(), viewShape), inverse).data(), shape);
	}

	private static boolean contains(int[] a, int v) {
		for (int e : a)
			if (e == v) return true;
		return false;
	}

	private static String sizeText(AxisImage<?> image) {
		return image.size(Axis.X) + "x" + image.size(Axis.Y) + (image.size(Axis.Z) > 1 ? "x" + image.size(Axis.Z) : "");
	}

	/** A size the axis accepts for a region of {@code size} pixels (classifier input). */
	private static long targetSize(AxisDescription axis, long size) {
		if (axis.size() instanceof SizeRule.Fixed f) return f.size();
		if (axis.size() instanceof SizeRule.Parameterized p) {
			long step = Math.max(1, p.step());
			return p.min() + Math.max(0, Math.round((double) (size - p.min()) / step)) * step;
		}
		return size;
	}
}
