package io.github.visionj.pipeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.ToLongFunction;

import io.github.visionj.VisionJException;
import io.github.visionj.image.AxisTiling;
import io.github.visionj.image.FloatTensor;
import io.github.visionj.image.TensorRegions;
import io.github.visionj.model.AxisDescription;
import io.github.visionj.model.SizeRule;

/**
 * Cuts a model's inputs into tiles and stitches its outputs: the tile size from the first input's
 * size rules and a cap, the overlap from the outputs' halos, grids and borders ({@link AxisTiling}),
 * one network call per tile position (for several samples at once along the batch axis when the
 * model has one), and the inner part of each tile's outputs copied into whole maps.
 */
final class TiledPrediction {

	/** The smallest tile edge the automatic tile size considers: below it per-call costs dominate. */
	static final int SMALLEST_AUTOMATIC = 128;

	/** Runs the network on one tile of each input and checks its outputs against the description. */
	interface Predictor {
		List<FloatTensor> predict(List<FloatTensor> tiles, AxisTiling[] tilings);
	}

	interface TileAction {
		void run(int[] k, int count);
	}

	private final String model;
	private final List<TensorLayout> ins, outs;
	private final TensorLayout in;
	/** Per output: how it relates to the input, or null when it is not a map of the input. */
	private final List<OutputGeometry> geometries;
	private final int tileSize;
	private final ToLongFunction<TiledPrediction> automatic;

	/**
	 * @param model the model's name, for messages
	 * @param tileSize the tile size option: above 0 the cap in pixels, 0 automatic
	 * @param automatic the cap of an automatic 2D tile for maps of these tilings (measured for
	 *          throughput), asked only when the choice matters
	 */
	TiledPrediction(String model, List<TensorLayout> ins, List<TensorLayout> outs, List<OutputGeometry> geometries,
		int tileSize, ToLongFunction<TiledPrediction> automatic)
	{
		this.model = model;
		this.ins = ins;
		this.outs = outs;
		this.in = ins.get(0);
		this.geometries = geometries;
		this.tileSize = tileSize;
		this.automatic = automatic;
	}

	/**
	 * Tiles of the first input's size rules for an input of {@code spatial} pixels, capped by the
	 * tile size option or the automatic size. For maps ({@code maps}), every tile starts on the
	 * grids of all outputs and overlaps its neighbours by the largest halo (in input pixels) and
	 * border of any output; for a detector, by {@link #detectionOverlap}.
	 */
	AxisTiling[] tilings(long[] spatial, boolean maps) {
		return tilings(spatial, maps, cap(spatial, maps));
	}

	/**
	 * The largest tile edge: the option when given; automatic 128 px in 3D and 1024 px for a
	 * detector (whose results depend on the tile); for maps the measured size, unless the input fits
	 * in one tile of {@link #SMALLEST_AUTOMATIC} px, where every cap gives that one tile.
	 */
	private long cap(long[] spatial, boolean maps) {
		if (tileSize > 0) return tileSize;
		if (in.is3d()) return RunOptions.MAX_TILE_3D;
		if (!maps || Arrays.stream(tilings(spatial, true, SMALLEST_AUTOMATIC)).allMatch(a -> a.count() == 1))
			return RunOptions.MAX_TILE_2D;
		return automatic.applyAsLong(this);
	}

	/**
	 * How many samples of {@code spatial} pixels {@link #stitched} should take at once: as many as
	 * fit in the pixels of one tile of the cap (at least 1).
	 */
	int samplesPerCall(long[] spatial) {
		long cap = cap(spatial, true), budget = 1, tile = 1;
		for (AxisTiling a : tilings(spatial, true, cap)) {
			budget *= cap;
			tile *= a.tile();
		}
		return (int) Math.max(1, budget / tile);
	}

	/** {@link #tilings(long[], boolean)} with the cap {@code max}. */
	AxisTiling[] tilings(long[] spatial, boolean maps, long max) {
		int[] dims = in.spatialDims();
		AxisTiling[] tilings = new AxisTiling[dims.length];
		long grid = 1, border = 0;
		for (OutputGeometry g : geometries)
			if (maps && g != null) {
				grid = lcm(grid, g.down());
				border = Math.max(border, g.border());
			}
		for (int i = 0; i < dims.length; i++) {
			AxisDescription axis = in.axis(dims[i]);
			long halo = border;
			for (int j = 0; maps && j < outs.size(); j++)
				halo = Math.max(halo, halo(j, axis.id()));
			halo = OutputGeometry.ceilDiv(halo, grid) * grid;
			long tile = tileSize(axis, spatial[i] + 2 * border, halo, max);
			if (tile % grid != 0) throw new VisionJException("Model '" + model + "' outputs one pixel per " +
				grid + "x" + grid + " input pixels but takes tiles of " + tile + " pixels along " + axis.id() +
				"; its description is inconsistent (the input size step must be a multiple of the output grid).");
			for (TensorLayout other : ins)
				if (!accepts(other.axis(other.spatialDims()[i]), tile)) throw new VisionJException("Input '" + other.tensor.id() +
					"' of model '" + model + "' does not accept " + tile + " pixels along " + axis.id() + ", which input '" +
					in.tensor.id() + "' needs; VisionJ cuts tiles of one size from all inputs.");
			if (!maps && tile < spatial[i]) halo = detectionOverlap(axis, tile);
			tilings[i] = new AxisTiling(spatial[i], tile, halo, grid, border);
		}
		return tilings;
	}

	/** Halo in input pixels of output j along an axis: its halo, given in output pixels, at the input's scale. */
	long halo(int j, String axisId) {
		OutputGeometry g = geometries.get(j);
		int d = outs.get(j).tensor.indexOf(axisId);
		return g == null || d < 0 ? 0 : OutputGeometry.ceilDiv((long) outs.get(j).axis(d).halo() * g.down(), g.up());
	}

	/**
	 * The outputs of several samples of the same size (each one tensor per input, normalised, in
	 * the model's layout), tiled and stitched; outputs that are not maps of the input are left out
	 * (null). The samples of one tile position go to the network in one call, stacked along the
	 * batch axis; one sample is passed as it is.
	 */
	List<List<FloatTensor>> stitched(List<List<FloatTensor>> samples, Progress progress, String stage, Predictor predictor) {
		List<FloatTensor> first = samples.get(0);
		long[] spatial = in.spatialOf(first.get(0));
		for (List<FloatTensor> sample : samples)
			for (int n = 0; n < sample.size(); n++)
				if (!Arrays.equals(ins.get(n).spatialOf(sample.get(n)), spatial)) throw new VisionJException(
					"The inputs of model '" + model + "' have different sizes " + Arrays.toString(spatial) + " and " +
						Arrays.toString(ins.get(n).spatialOf(sample.get(n))) + "; VisionJ tiles inputs of one size.");
		List<List<FloatTensor>> outputs = new ArrayList<>();
		for (int s = 0; s < samples.size(); s++)
			outputs.add(new ArrayList<>(Collections.nCopies(outs.size(), (FloatTensor) null)));
		AxisTiling[] tilings = tilings(spatial, true);
		forEachTile(tilings, progress, stage, (k, count) -> {
			List<FloatTensor> tiles = new ArrayList<>();
			for (int n = 0; n < ins.size(); n++) {
				List<FloatTensor> ofSamples = new ArrayList<>();
				for (List<FloatTensor> sample : samples)
					ofSamples.add(readTile(sample.get(n), ins.get(n), tilings, k));
				tiles.add(stacked(ofSamples, ins.get(n)));
			}
			List<FloatTensor> results = predictor.predict(tiles, tilings);
			for (int j = 0; j < outs.size(); j++) {
				if (geometries.get(j) == null) continue;
				for (int s = 0; s < samples.size(); s++) {
					FloatTensor result = samples.size() == 1 ? results.get(j) : sampleOf(results.get(j), outs.get(j), s);
					List<FloatTensor> out = outputs.get(s);
					if (out.get(j) == null) out.set(j, FloatTensor.zeros(mapShape(j, result.shape(), spatial)));
					stitch(j, result, out.get(j), tilings, k);
				}
			}
		});
		return outputs;
	}

	/** The shape of output j for a whole input of {@code spatial} pixels, from the shape of a tile's output. */
	private long[] mapShape(int j, long[] tileShape, long[] spatial) {
		OutputGeometry g = geometries.get(j);
		int[] outDims = outs.get(j).spatialDims();
		long[] shape = tileShape.clone();
		for (int i = 0; i < outDims.length; i++)
			shape[outDims[i]] = OutputGeometry.ceilDiv(spatial[i], g.down()) * g.up();
		return shape;
	}

	/** Copies the inner part of tile k's output j into the whole map. */
	private void stitch(int j, FloatTensor result, FloatTensor map, AxisTiling[] tilings, int[] k) {
		OutputGeometry g = geometries.get(j);
		TensorLayout o = outs.get(j);
		int[] outDims = o.spatialDims();
		long[] src = new long[o.rank], dst = new long[o.rank], size = result.shape();
		for (int i = 0; i < outDims.length; i++) {
			AxisTiling a = tilings[i];
			long start = a.innerStart(k[i]);
			src[outDims[i]] = (start - a.readStart(k[i]) - g.border()) / g.down() * g.up();
			dst[outDims[i]] = start / g.down() * g.up();
			size[outDims[i]] = (OutputGeometry.ceilDiv(a.innerEnd(k[i]), g.down()) - start / g.down()) * g.up();
		}
		TensorRegions.copy(result, src, map, dst, size);
	}

	/** Whether every input and output has a batch axis of any size, so samples can go through in one call. */
	boolean batches() {
		for (List<TensorLayout> layouts : List.of(ins, outs))
			for (TensorLayout t : layouts)
				if (t.batch < 0 || !(t.axis(t.batch).size() instanceof SizeRule.Any)) return false;
		return true;
	}

	/** Tensors of batch 1 stacked along the layout's batch axis (one tensor: itself). */
	private static FloatTensor stacked(List<FloatTensor> samples, TensorLayout layout) {
		if (samples.size() == 1) return samples.get(0);
		long[] one = samples.get(0).shape(), shape = one.clone();
		shape[layout.batch] = samples.size();
		FloatTensor batch = FloatTensor.zeros(shape);
		long[] at = new long[shape.length];
		for (int s = 0; s < samples.size(); s++) {
			at[layout.batch] = s;
			TensorRegions.copy(samples.get(s), new long[shape.length], batch, at, one);
		}
		return batch;
	}

	/** Sample s of a batched tensor, with batch 1. */
	private static FloatTensor sampleOf(FloatTensor batch, TensorLayout layout, int s) {
		if (batch.rank() != layout.rank || layout.batch < 0) throw new VisionJException("The network returned a tensor of shape " +
			Arrays.toString(batch.shape()) + " for a batch of samples, without the batch axis its description names; " +
			"the description or the weights are wrong.");
		long[] shape = batch.shape(), at = new long[shape.length];
		shape[layout.batch] = 1;
		at[layout.batch] = s;
		FloatTensor one = FloatTensor.zeros(shape);
		TensorRegions.copy(batch, at, one, new long[shape.length], shape);
		return one;
	}

	static FloatTensor readTile(FloatTensor input, TensorLayout layout, AxisTiling[] tilings, int[] k) {
		int[] dims = layout.spatialDims();
		long[] spatial = new long[dims.length];
		long[] start = new long[layout.rank];
		for (int i = 0; i < dims.length; i++) {
			spatial[i] = tilings[i].tile();
			start[dims[i]] = tilings[i].readStart(k[i]);
		}
		FloatTensor tile = FloatTensor.zeros(layout.shape(layout.channel < 0 ? 1 : (int) input.dim(layout.channel), spatial));
		TensorRegions.copy(input, start, tile, new long[layout.rank], tile.shape());
		return tile;
	}

	/** Runs {@code action} on every tile position in order, checking for cancel before and reporting after each. */
	static void forEachTile(AxisTiling[] tilings, Progress progress, String stage, TileAction action) {
		int total = 1;
		for (AxisTiling a : tilings)
			total *= a.count();
		int[] k = new int[tilings.length];
		for (int n = 0; n < total; n++) {
			progress.checkCanceled();
			int rest = n;
			for (int i = tilings.length - 1; i >= 0; i--) {
				k[i] = rest % tilings[i].count();
				rest /= tilings[i].count();
			}
			action.run(k, total);
			progress.report(stage, n + 1, total);
		}
	}

	/**
	 * The tile size along one axis: one tile covering the whole axis when the size rule and the
	 * cap allow it, else the largest allowed size within the cap; always more than twice the halo,
	 * so an image smaller than that is padded by reflection.
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
			long fit = p.min() + Math.max(0, OutputGeometry.ceilDiv(need - p.min(), step)) * step;
			while (fit - 2 * halo < 1) fit += step;
			if (fit <= Math.max(max, p.min())) return fit;
			long best = p.min() + Math.max(0, (max - p.min()) / step) * step;
			while (best - 2 * halo < 1) best += step;
			return best;
		}
		return Math.max(need, 2 * halo + 1);
	}

	private static boolean accepts(AxisDescription axis, long size) {
		return axis.size() instanceof SizeRule.Fixed f ? f.size() == size
			: !(axis.size() instanceof SizeRule.Parameterized p) || p.accepts(size);
	}

	static long lcm(long a, long b) {
		long x = a, y = b;
		while (y != 0) {
			long t = x % y;
			x = y;
			y = t;
		}
		return a / x * b;
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
}
