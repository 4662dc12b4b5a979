package io.github.visionj.pipeline;

import java.util.ArrayList;
import java.util.List;

import io.github.visionj.VisionJException;
import io.github.visionj.decode.Decoder;
import io.github.visionj.engine.LoadedModel;
import io.github.visionj.image.Axis;
import io.github.visionj.image.AxisImage;
import io.github.visionj.image.AxisTiling;
import io.github.visionj.image.FloatTensor;
import io.github.visionj.image.RegionSource;
import io.github.visionj.image.TensorRegions;
import io.github.visionj.image.Tensors;
import io.github.visionj.model.AxisDescription;
import io.github.visionj.model.ModelDescription;
import io.github.visionj.model.RegionStatistics;
import io.github.visionj.model.SizeRule;

/**
 * Runs one loaded model over the planes of an image: builds the network inputs in the model's
 * axis order, normalises the whole plane, has {@link TiledPrediction} cut tiles and stitch the
 * outputs, runs the network on each tile (for several planes at once where the model allows) and
 * checks what it returns. Decoding is not done here; see the task classes of this package. A model with several inputs
 * takes them from consecutive channels of the image, in the description's order.
 */
public final class ModelRunner {

	private final LoadedModel model;
	private final RunOptions options;
	private final List<TensorLayout> ins, outs;
	/** The first input, and the output the decoder reads. */
	private final TensorLayout in, out;
	private final Samples samples;
	private final int mapOutput;
	/** Per output: how it relates to the input, or null when it is not a map of the input. */
	private final List<OutputGeometry> geometries = new ArrayList<>();
	/** Why the decoder's output is not a map of the input (null when it is). */
	private final String notMap;
	private final TiledPrediction tiles;

	public ModelRunner(LoadedModel model, RunOptions options) {
		this.model = model;
		this.options = options;
		ModelDescription d = model.description();
		ins = d.inputs().stream().map(TensorLayout::new).toList();
		outs = d.outputs().stream().map(TensorLayout::new).toList();
		in = ins.get(0);
		samples = new Samples(ins, outs);
		for (TensorLayout i : ins)
			if (!i.isImage()) throw new VisionJException("Input '" + i.tensor.id() + "' of model '" + d.name() +
				"' has no x and y axes, so it does not take an image.");
		mapOutput = d.outputs().indexOf(d.decodedOutput());
		out = outs.get(mapOutput);
		String problem = null;
		for (int j = 0; j < outs.size(); j++) {
			OutputGeometry g = null;
			try {
				g = geometry(outs.get(j));
			}
			catch (VisionJException e) {
				if (j == mapOutput) problem = e.getMessage();
			}
			geometries.add(g);
		}
		notMap = geometries.get(mapOutput) != null ? null : problem != null ? problem : "Output '" + out.tensor.id() +
			"' of model '" + d.name() + "' has no y and x axes, so it is not a map of the image and cannot segment.";
		tiles = new TiledPrediction(d.name(), ins, outs, geometries, options.tileSize(),
			t -> TileSizes.automatic(model, ins, t, options.progress()));
	}

	/** How an output's spatial axes follow the input's; null for an output without y and x. */
	private OutputGeometry geometry(TensorLayout o) {
		if (!o.isImage()) return null;
		if (o.is3d() != in.is3d()) throw new VisionJException("Output '" + o.tensor.id() + "' of model '" + description().name() +
			"' has " + (o.is3d() ? "" : "no ") + "z axis but its input " + (in.is3d() ? "has" : "has none") +
			"; VisionJ reads outputs with the input's spatial axes (a z axis of size 1 is allowed).");
		OutputGeometry g = null;
		for (int d : o.spatialDims()) {
			int inDim = in.tensor.indexOf(o.axis(d).id());
			OutputGeometry axis = OutputGeometry.of(o.axis(d), in.axis(inDim), o.describe(d, false));
			g = g == null ? axis : g.and(axis, o.describe(d, false));
		}
		if (in.is3d() && (g.up() > 1 || g.down() > 1)) throw new VisionJException("Output '" + o.tensor.id() + "' of model '" +
			description().name() + "' is a 3D map with " + g + "; VisionJ reads 3D maps of the input's scale only.");
		return g;
	}

	public ModelDescription description() {
		return model.description();
	}

	public Progress progress() {
		return options.progress();
	}

	/** Whether the decoder's output is a map of the input (segmentation), at the input's scale or another. */
	public boolean isDense() {
		return notMap == null;
	}

	/**
	 * Input pixels per output pixel along y and x: 1 for a per-pixel output; g for a 2D model whose
	 * output space axes have bioimage.io {@code scale} g (StarDist's grid), where output pixel (i, j)
	 * belongs to input pixel (g·i, g·j).
	 */
	public int grid() {
		return isDense() ? geometries.get(mapOutput).down() : 0;
	}

	/** Output pixels per input pixel along y and x: above 1 for an upsampling model (v0.4 scale 4). */
	public int upscale() {
		return isDense() ? geometries.get(mapOutput).up() : 0;
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
		long[] spatial = samples.spatialSize(image);
		checkInput(image.size(Axis.C), image.size(Axis.Z), spatial, sizeText(image));
		checkMemory(spatial, sizeText(image) + " image");
	}

	/**
	 * {@link #check(AxisImage)} for a plane of {@code source} segmented in {@code blocks}: the memory
	 * needed is that of the largest block.
	 */
	void check(RegionSource source, Blocks blocks) {
		String size = source.width() + "x" + source.height() + (source.slices() > 1 ? "x" + source.slices() : "");
		checkInput(source.channels(), source.slices(), new long[] { source.height(), source.width() }, size);
		checkMemory(new long[] { blocks.maxReadHeight(), blocks.maxReadWidth() }, blocks.count() == 1 ? size + " image"
			: size + " image in blocks of " + blocks.maxReadWidth() + "x" + blocks.maxReadHeight());
	}

	private void checkInput(long c, long slices, long[] spatial, String sizeText) {
		String name = description().name();
		int expected = inputChannels();
		if (ins.size() > 1 && c != expected) throw new VisionJException("Model '" + name + "' takes " + ins.size() +
			" inputs (" + ins.stream().map(i -> "'" + i.tensor.id() + "' " + i.channels() + " channel" + (i.channels() == 1 ? "" : "s"))
				.collect(java.util.stream.Collectors.joining(", ")) + "), read from consecutive channels of the image, but the image has " +
			c + " channel" + (c == 1 ? "" : "s") + "; merge the inputs into one image of " + expected + " channels (Image › Color › Merge Channels).");
		if (c != expected && !(c == 1 && expected == 3 && description().visionj().grayToRgb())) {
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
			for (int j = 0; j < outs.size(); j++)
				min = Math.max(min, tiles.halo(j, in.axis(dims[i]).id()));
			if (spatial[i] < min) throw new VisionJException("The image is " + sizeText + " pixels, too small for model '" +
				name + "', which needs at least " + min + " pixels along " + in.axis(dims[i]).id() + "; use a larger image.");
		}
	}

	private void checkMemory(long[] spatial, String what) {
		long bytes = bytes(spatial), free = freeMemory();
		if (bytes > free * 0.8) throw new VisionJException("Running model '" + description().name() + "' on this " + what +
			" needs about " + (bytes >> 20) + " MB but only " + (free >> 20) +
			" MB of memory are free; give ImageJ more memory (Edit › Options › Memory & Threads) or crop the image.");
	}

	/** The memory the input and the output maps of a plane (or volume) of this spatial size take. */
	long bytes(long[] spatial) {
		long voxels = 1, outVoxels = 1;
		for (long s : spatial) {
			voxels *= s;
			outVoxels *= isDense() ? geometries.get(mapOutput).outputSize(s) + 2L * geometries.get(mapOutput).border() : s;
		}
		long bytes = 4 * (voxels * inputChannels() + outVoxels * outputChannels());
		return options.augment() ? 2 * bytes : bytes; // a mirrored copy of the input and the sum of the outputs beside them
	}

	public static long freeMemory() {
		Runtime rt = Runtime.getRuntime();
		return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
	}

	/**
	 * The postprocessed output the decoder reads for one plane, as [C, (Z,) Y, X]: at the plane's
	 * size, or for an output on a coarser {@link #grid()}, at the plane's size divided by the grid
	 * and rounded up, or for a finer one at the plane's size times {@link #upscale()}. An output
	 * smaller than its input by a border is computed on the plane extended by reflection, so it
	 * too has the plane's size. With {@link RunOptions#augment()}, averaged over the plane's mirror images.
	 *
	 * @param decoder the decoder that will read the output: it says how its channels move in a
	 *          mirror image
	 */
	public FloatTensor maps(AxisImage<?> image, Plane plane, Decoder decoder) {
		return allMaps(image, plane, decoder).get(mapOutput);
	}

	/**
	 * Every output of the model for one plane as {@link #maps} gives the decoder's: one
	 * [C, (Z,) Y, X] tensor per output at its own scale, null for an output that is not a map. With
	 * {@link RunOptions#augment()} only the decoder's output is averaged and given; the others are null.
	 */
	public List<FloatTensor> allMaps(AxisImage<?> image, Plane plane, Decoder decoder) {
		if (!isDense()) throw new VisionJException(notMap);
		return allMaps(samples.normalised(image, plane), decoder);
	}

	/**
	 * {@link #allMaps} for a region of a 2D plane (an image without Z and T) whose inputs are
	 * preprocessed with the statistics of the whole plane.
	 */
	List<FloatTensor> regionMaps(AxisImage<?> region, List<RegionStatistics> statistics, Decoder decoder) {
		if (!isDense()) throw new VisionJException(notMap);
		List<FloatTensor> inputs = samples.raw(region, new Plane(0, 0));
		for (int n = 0; n < inputs.size(); n++)
			statistics.get(n).apply(inputs.get(n));
		return allMaps(inputs, decoder);
	}

	/** One empty set of whole-plane statistics per input, for its preprocessing ({@link Blocks}). */
	List<RegionStatistics> regionStatistics() {
		return ins.stream().map(i -> new RegionStatistics(i.tensor.processing(), i.tensor.axes(), i.tensor.id())).toList();
	}

	/** The raw inputs of a region of a 2D plane, before preprocessing. */
	List<FloatTensor> rawInputs(AxisImage<?> region) {
		return samples.raw(region, new Plane(0, 0));
	}

	private List<FloatTensor> allMaps(List<FloatTensor> inputs, Decoder decoder) {
		if (!options.augment()) return channelFirst(predictMaps(inputs, "Predicting tiles"));
		if (inputs.size() > 1) throw new VisionJException("Model '" + description().name() + "' has " + inputs.size() +
			" inputs; VisionJ averages over mirror images only models with one input; run it without augmentation.");
		List<FloatTensor> maps = new ArrayList<>(java.util.Collections.nCopies(outs.size(), (FloatTensor) null));
		maps.set(mapOutput, FlipAveraging.average(inputs.get(0), in.y, in.x, grid(), upscale(), outputChannels(), decoder,
			(mirrored, copy) -> out.toChannelFirst(predictMaps(List.of(mirrored), "Predicting tiles (mirror image " + (copy + 1) +
				" of " + FlipAveraging.COPIES + ")").get(mapOutput))));
		return maps;
	}

	/**
	 * {@link #allMaps(AxisImage, Plane, Decoder)} for several 2D planes of the image at once, in
	 * their order: each plane is normalised on its own, and the tiles of all planes at one tile
	 * position go to the network in one call, stacked along its batch axis, so per-call costs are
	 * paid once for them all. The maps equal those of one plane at a time. A model that cannot take
	 * a batch (no batch axis of free size), a 3D model and averaging over mirror images run plane by
	 * plane; {@link #planesPerCall} says how many planes to give at once.
	 */
	public List<List<FloatTensor>> allMaps(AxisImage<?> image, List<Plane> planes, Decoder decoder) {
		if (planes.size() == 1 || !batches()) return planes.stream().map(p -> allMaps(image, p, decoder)).toList();
		if (!isDense()) throw new VisionJException(notMap);
		List<List<FloatTensor>> inputs = planes.stream().map(p -> samples.normalised(image, p)).toList();
		List<List<FloatTensor>> outputs = tiles.stitched(inputs, options.progress(), "Predicting tiles", this::predictTile);
		List<List<FloatTensor>> maps = new ArrayList<>();
		for (int s = 0; s < planes.size(); s++)
			maps.add(channelFirst(samples.postprocess(outputs.get(s), inputs.get(s))));
		return maps;
	}

	/**
	 * How many planes of the image {@link #allMaps(AxisImage, List, Decoder)} should take at once:
	 * as many as fit in the pixels of one tile of the largest size in use (so a call's memory is that
	 * of one large tile), 1 when the model cannot take a batch or a plane needs a tile of that size.
	 */
	public int planesPerCall(AxisImage<?> image) {
		return batches() && isDense() ? tiles.samplesPerCall(samples.spatialSize(image)) : 1;
	}

	private boolean batches() {
		return !options.augment() && !in.is3d() && tiles.batches();
	}

	/** Outputs in the model's layout as [C, (Z,) Y, X] (null stays null). */
	private List<FloatTensor> channelFirst(List<FloatTensor> outputs) {
		List<FloatTensor> maps = new ArrayList<>(java.util.Collections.nCopies(outs.size(), (FloatTensor) null));
		for (int j = 0; j < outs.size(); j++)
			if (outputs.get(j) != null) maps.set(j, outs.get(j).toChannelFirst(outputs.get(j)));
		return maps;
	}

	/** The ids of the model's outputs, in the order of {@link #allMaps}. */
	public List<String> outputIds() {
		return outs.stream().map(o -> o.tensor.id()).toList();
	}

	/**
	 * Runs the model on raw input tensors (e.g. a description's test inputs), one per input in the
	 * model's layout with batch 1: preprocessing, the network (tiled as the options say when every
	 * output is a map of the input, else in one piece), stitching and postprocessing. Returns one
	 * tensor per output in the model's layout; a map smaller than its input by a border comes back
	 * at that smaller size, as the description defines it.
	 */
	public List<FloatTensor> predict(List<FloatTensor> rawInputs) {
		if (rawInputs.size() != ins.size()) throw new IllegalArgumentException(
			"Model '" + description().name() + "' takes " + ins.size() + " inputs, not " + rawInputs.size());
		List<FloatTensor> inputs = new ArrayList<>();
		for (FloatTensor t : rawInputs)
			inputs.add(new FloatTensor(t.data().clone(), t.shape()));
		samples.preprocess(inputs);
		if (geometries.contains(null)) {
			List<FloatTensor> results = model.network().predict(inputs);
			checkOutputs(results, inputs, null);
			return samples.postprocess(results, inputs);
		}
		List<FloatTensor> outputs = predictMaps(inputs, "Predicting tiles");
		for (int j = 0; j < outputs.size(); j++)
			outputs.set(j, cropBorder(outputs.get(j), outs.get(j), geometries.get(j).border()));
		return outputs;
	}

	/**
	 * The outputs of normalised inputs, tiled, stitched and postprocessed, in the model's layout;
	 * outputs that are not maps of the input are left out (null).
	 */
	private List<FloatTensor> predictMaps(List<FloatTensor> inputs, String stage) {
		return samples.postprocess(tiles.stitched(List.of(inputs), options.progress(), stage, this::predictTile).get(0), inputs);
	}

	/** The network's outputs for one tile of each input, checked against the description. */
	private List<FloatTensor> predictTile(List<FloatTensor> tiles, AxisTiling[] tilings) {
		List<FloatTensor> results = model.network().predict(tiles);
		checkOutputs(results, tiles, tilings);
		return results;
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
		FloatTensor input = singleInput(samples.normalised(image, plane), "boxes");
		long[] spatial = in.spatialOf(input);
		AxisTiling[] tilings = tiles.tilings(spatial, false);
		List<TileOutput> outputs = new ArrayList<>();
		TiledPrediction.forEachTile(tilings, options.progress(), "Predicting tiles", (k, count) -> {
			FloatTensor tile = TiledPrediction.readTile(input, in, tilings, k);
			List<FloatTensor> results = model.network().predict(List.of(tile));
			checkOutputs(results, List.of(tile), null);
			FloatTensor result = results.get(mapOutput);
			AxisTiling ty = tilings[tilings.length - 2], tx = tilings[tilings.length - 1];
			int ky = k[k.length - 2], kx = k[k.length - 1];
			outputs.add(new TileOutput(samples.postprocess(results, List.of(input)).get(mapOutput), tx.readStart(kx), ty.readStart(ky),
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
		FloatTensor raw = singleInput(samples.raw(image, plane), letterbox ? "boxes" : "class scores");
		long[] spatial = in.spatialOf(raw);
		long x0 = region[0], y0 = region[1], w = region[2], h = region[3];
		if (x0 < 0 || y0 < 0 || w < 1 || h < 1 || x0 + w > spatial[1] || y0 + h > spatial[0]) throw new VisionJException(
			"The region " + w + "x" + h + " at (" + x0 + ", " + y0 + ") is not inside the " + spatial[1] + "x" + spatial[0] +
				" image; select a region within the image.");
		FloatTensor chw = in.toChannelFirst(raw);
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
		List<FloatTensor> modelInput = List.of(in.fromChannelFirst(net));
		samples.preprocess(modelInput);
		List<FloatTensor> results = model.network().predict(modelInput);
		checkOutputs(results, modelInput, null);
		FloatTensor result = samples.postprocess(results, modelInput).get(mapOutput);
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

	/** Whether the model reads volumes (3D) rather than 2D planes. */
	boolean readsVolumes() {
		return in.is3d();
	}

	/**
	 * Where blocks of a plane may start, in pixels along y and x: on every output's grid and on the
	 * input's size step, so a block's tiles see the image as the whole plane's tiles do.
	 */
	int blockAlignment() {
		long a = 1;
		for (OutputGeometry g : geometries)
			if (g != null) a = TiledPrediction.lcm(a, g.down());
		for (int d : new int[] { in.y, in.x })
			if (in.axis(d).size() instanceof SizeRule.Parameterized p) a = TiledPrediction.lcm(a, Math.max(1, p.step()));
		return (int) a;
	}

	/** The largest halo and border of any output along y and x, in input pixels: context a block needs beyond its core. */
	long blockHalo() {
		long halo = 0;
		for (int j = 0; j < outs.size(); j++)
			if (geometries.get(j) != null) {
				halo = Math.max(halo, geometries.get(j).border());
				for (int d : new int[] { in.y, in.x })
					halo = Math.max(halo, tiles.halo(j, in.axis(d).id()));
			}
		return halo;
	}

	RunOptions options() {
		return options;
	}

	/** Whether every spatial input size is fixed (so the image must be resized or tiled). */
	public boolean fixedInputSize() {
		return in.fixedSize();
	}

	int outputChannels() {
		return out.channels();
	}

	/**
	 * The plane (or volume) in the model's input layout after its preprocessing, as the network gets
	 * it untiled: what a model with one input is trained on.
	 */
	public FloatTensor normalisedInput(AxisImage<?> image, Plane plane) {
		List<FloatTensor> inputs = samples.normalised(image, plane);
		if (inputs.size() != 1) throw new VisionJException("Model '" + description().name() + "' has " + inputs.size() +
			" inputs; VisionJ trains models with one input.");
		return inputs.get(0);
	}

	/** Image channels the model reads: the channels of all its inputs. */
	private int inputChannels() {
		return ins.stream().mapToInt(TensorLayout::channels).sum();
	}

	private FloatTensor singleInput(List<FloatTensor> inputs, String output) {
		if (inputs.size() == 1) return inputs.get(0);
		throw new VisionJException("Model '" + description().name() + "' has " + inputs.size() + " inputs and outputs " + output +
			"; VisionJ reads " + output + " only from models with one input.");
	}

	private double letterboxFill(AxisImage<?> image) {
		// YOLO pads 8-bit images with grey 114; other types get the same fraction of their range.
		double max = image.data().getType() instanceof net.imglib2.type.numeric.integer.UnsignedByteType ? 255
			: image.data().getType() instanceof net.imglib2.type.numeric.integer.UnsignedShortType ? 65535 : 1;
		return max * 114 / 255;
	}

	private static long minimumSize(AxisDescription axis) {
		// A fixed-size model takes smaller images padded; a parameterized one names its minimum.
		return axis.size() instanceof SizeRule.Parameterized p ? Math.min(p.min(), 16) : 4;
	}

	/**
	 * Checks the network's outputs against the description before anything reads them: their
	 * number, rank, channels and, for maps, their size for this input ({@code tilings}: of a tile).
	 */
	private void checkOutputs(List<FloatTensor> results, List<FloatTensor> inputs, AxisTiling[] tilings) {
		String name = description().name();
		if (results.size() < outs.size()) throw new VisionJException("The network of model '" + name + "' returned " +
			results.size() + " tensor(s) but its description names " + outs.size() + " outputs " +
			outs.stream().map(o -> o.tensor.id()).toList() + "; the description or the weights are wrong.");
		long[] spatial = in.spatialOf(inputs.get(0));
		for (int j = 0; j < outs.size(); j++) {
			TensorLayout o = outs.get(j);
			FloatTensor r = results.get(j);
			String problem = null;
			if (r.rank() != o.rank) problem = "it has " + r.rank() + " axes but the description names " + o.rank + " " +
				o.tensor.axes().stream().map(AxisDescription::id).toList();
			else if (o.channel >= 0 && o.channels() > 0 && r.dim(o.channel) != o.channels())
				problem = "axis c has " + r.dim(o.channel) + " channels but the description names " + o.channels();
			else if (geometries.get(j) != null) {
				int[] dims = o.spatialDims();
				for (int i = 0; problem == null && i < dims.length; i++) {
					long expected = geometries.get(j).outputSize(tilings == null ? spatial[i] : tilings[i].tile());
					if (r.dim(dims[i]) != expected) problem = "axis " + o.axis(dims[i]).id() + " has " + r.dim(dims[i]) +
						" pixels but the description makes it " + expected + " (" + geometries.get(j) + ")";
				}
			}
			if (problem != null) throw new VisionJException("Model '" + name + "' returned a tensor of shape " +
				java.util.Arrays.toString(r.shape()) + " as output '" + o.tensor.id() + "' for an input of shape " +
				java.util.Arrays.toString(inputs.get(0).shape()) + ": " + problem + "; the description or the weights are wrong.");
		}
	}

	/** A map without the border its description's size leaves out (the size of the network's own output). */
	private static FloatTensor cropBorder(FloatTensor t, TensorLayout layout, int border) {
		if (border == 0) return t;
		long[] shape = t.shape(), start = new long[shape.length];
		for (int d : layout.spatialDims()) {
			shape[d] -= 2L * border;
			start[d] = border;
		}
		FloatTensor cropped = FloatTensor.zeros(shape);
		TensorRegions.copy(t, start, cropped, new long[shape.length], shape);
		return cropped;
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
