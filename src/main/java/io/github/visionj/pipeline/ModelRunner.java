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
import io.github.visionj.model.ModelDescription;
import io.github.visionj.model.RegionStatistics;
import io.github.visionj.model.SizeRule;

/**
 * Runs one loaded model over the planes of an image: builds the network inputs in the model's
 * axis order, normalises the whole plane, has {@link TiledPrediction} cut tiles and stitch the
 * outputs, runs the network on each tile (for several planes at once where the model allows) and
 * has {@link OutputCheck} check what it returns. It knows the layouts of the model's tensors and
 * how each output's geometry follows the input, which the checks of an image ({@link InputCheck})
 * and the predictions of outputs that are not maps ({@link ResizedPrediction}, {@link TileOutput})
 * read. Decoding is not done here; see the task classes of this package. A model with several
 * inputs takes them from consecutive channels of the image, in the description's order.
 */
public final class ModelRunner {

	private final LoadedModel model;
	private final RunOptions options;
	final List<TensorLayout> ins, outs;
	/** The first input, and the output the decoder reads. */
	final TensorLayout in, out;
	final Samples samples;
	/** The index of the output the decoder reads. */
	final int mapOutput;
	/** Per output: how it relates to the input, or null when it is not a map of the input. */
	final List<OutputGeometry> geometries;
	/** Why the decoder's output is not a map of the input (null when it is). */
	private final String notMap;
	final TiledPrediction tiles;

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
		List<OutputGeometry> perOutput = new ArrayList<>();
		for (int j = 0; j < outs.size(); j++) {
			OutputGeometry g = null;
			try {
				g = OutputGeometry.of(outs.get(j), in, d.name());
			}
			catch (VisionJException e) {
				if (j == mapOutput) problem = e.getMessage();
			}
			perOutput.add(g);
		}
		geometries = java.util.Collections.unmodifiableList(perOutput);
		notMap = geometries.get(mapOutput) != null ? null : problem != null ? problem : "Output '" + out.tensor.id() +
			"' of model '" + d.name() + "' has no y and x axes, so it is not a map of the image and cannot segment.";
		tiles = new TiledPrediction(d.name(), ins, outs, geometries, options.tileSize(),
			t -> TileSizes.automatic(model, ins, t, options.progress()));
	}

	/**
	 * The largest tile edge for 2D maps: the tile size option, or the automatic size measured once for
	 * the model's weights on this machine. Other weights of the same network (a fine-tuning's
	 * candidates) run as fast with it, without being measured again.
	 */
	public int tileSize() {
		return options.tileSize() > 0 ? options.tileSize() : (int) TileSizes.automatic(model, ins, tiles, options.progress());
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
		if (geometries.contains(null)) return samples.postprocess(predictTile(inputs, null), inputs);
		List<FloatTensor> outputs = predictMaps(inputs, "Predicting tiles");
		for (int j = 0; j < outputs.size(); j++)
			outputs.set(j, outs.get(j).withoutBorder(outputs.get(j), geometries.get(j).border()));
		return outputs;
	}

	/**
	 * The outputs of normalised inputs, tiled, stitched and postprocessed, in the model's layout;
	 * outputs that are not maps of the input are left out (null).
	 */
	private List<FloatTensor> predictMaps(List<FloatTensor> inputs, String stage) {
		return samples.postprocess(tiles.stitched(List.of(inputs), options.progress(), stage, this::predictTile).get(0), inputs);
	}

	/**
	 * The network's outputs for one tile of each input, checked against the description
	 * ({@code tilings} null: the inputs are whole, not tiles).
	 */
	List<FloatTensor> predictTile(List<FloatTensor> tiles, AxisTiling[] tilings) {
		List<FloatTensor> results = model.network().predict(tiles);
		OutputCheck.check(this, results, tiles, tilings);
		return results;
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
}
