package io.github.visionj.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import io.github.visionj.VisionJException;
import io.github.visionj.decode.ClassMap;
import io.github.visionj.decode.Decoder;
import io.github.visionj.decode.DecoderSettings;
import io.github.visionj.decode.Instance;
import io.github.visionj.decode.InstanceDecoder;
import io.github.visionj.decode.Instances;
import io.github.visionj.decode.SemanticDecoder;
import io.github.visionj.image.AxisImage;
import io.github.visionj.image.FloatTensor;
import io.github.visionj.image.ImageRegions;
import io.github.visionj.image.MemoryRows;
import io.github.visionj.image.RegionSource;
import io.github.visionj.image.RowSink;
import io.github.visionj.image.Tensors;
import io.github.visionj.model.RegionStatistics;

/**
 * Semantic and instance segmentation of every plane of an image with a dense model. The network
 * runs plane by plane, and a plane larger than a block ({@link Blocks}) block by block: only the
 * decoded result is kept, and rows of it go out as soon as they are final, so memory grows with
 * a block, not with the plane or the network's output maps. An image in memory is read through
 * {@link ImageRegions}; the results are then collected in memory as well.
 */
public final class Segmentation {

	private Segmentation() {}

	/** Receives every output map of each 2D plane, as {@link ModelRunner#allMaps} gives them (null: not a map). */
	public interface OutputMaps {
		void accept(Plane plane, List<FloatTensor> maps);
	}

	/** Ignores the maps. */
	public static final OutputMaps NO_MAPS = (plane, maps) -> {};

	/**
	 * What a run found.
	 *
	 * @param objects objects, labelled 1..objects
	 * @param cut objects that reach the edge of their block's read region inside the plane, so may
	 *          be cut; a larger block (and with it its margin) keeps them whole
	 */
	public record Summary(int objects, int cut) {}

	// -- streaming: any source, results handed on as they are final

	/** Whether this runner segments a 2D plane of {@code source} in more than one block ({@link Blocks}). */
	public static boolean inBlocks(ModelRunner runner, RegionSource source) {
		return !runner.readsVolumes() && Blocks.of(runner, source.width(), source.height()).count() > 1;
	}

	/**
	 * Objects of every 2D plane of {@code source}, block by block. Each finished object goes to
	 * {@code objects}, each finished row of labels to {@code labels} (labels 1..N, unique across the
	 * run, in the order the objects are kept: blocks in raster order, within a block the decoder's order).
	 */
	public static Summary instances(ModelRunner runner, RegionSource source, InstanceDecoder decoder, DecoderSettings settings,
		RowSink labels, Consumer<ObjectMask> objects)
	{
		ObjectAssembly assembly = new ObjectAssembly(labels, objects);
		run(runner, source, decoder, NO_MAPS, new BlockObjects(runner, decoder, settings, assembly));
		return assembly.summary();
	}

	// -- block-wise instance segmentation in two steps, for a run that shares the blocks out (Spark)

	/**
	 * The blocks of each 2D plane of {@code source}, as {@link #instances(ModelRunner, RegionSource,
	 * InstanceDecoder, DecoderSettings, RowSink, Consumer)} cuts it.
	 */
	public static Blocks blocks(ModelRunner runner, RegionSource source) {
		if (runner.readsVolumes()) throw inMemoryOnly(runner);
		Blocks blocks = Blocks.of(runner, source.width(), source.height());
		InputCheck.check(runner, source, blocks);
		return blocks;
	}

	/** The whole-plane statistics of the plane's preprocessing, gathered block by block; null for a plane in one block. */
	public static PlaneStatistics statistics(ModelRunner runner, RegionSource source, Plane plane, Blocks blocks) {
		if (blocks.count() == 1) return null;
		List<RegionStatistics> statistics = runner.samples.regionStatistics();
		for (int n = 0; n < statistics.size(); n++)
			while (!statistics.get(n).complete()) {
				RegionStatistics.Pass pass = statistics.get(n).pass();
				for (int b = 0; b < blocks.count(); b++) {
					runner.progress().checkCanceled();
					Blocks.Block core = blocks.block(b);
					pass.add(runner.samples.raw(source.read(core.x0(), core.y0(), (int) (core.x1() - core.x0()),
						(int) (core.y1() - core.y0()), plane.z(), plane.t()), new Plane(0, 0)).get(n));
				}
				pass.finish();
			}
		return new PlaneStatistics(statistics.stream().map(RegionStatistics::values).toList());
	}

	/**
	 * The first step of block-wise instance segmentation: the objects block {@code b} of the plane
	 * owns, predicted and decoded from the block's read region. An {@link ObjectAssembly} fed every
	 * block's objects in block order gives what {@link #instances(ModelRunner, RegionSource,
	 * InstanceDecoder, DecoderSettings, RowSink, Consumer)} gives.
	 *
	 * @param statistics the plane's, from {@link #statistics}
	 */
	public static List<OwnedObject> blockObjects(ModelRunner runner, RegionSource source, InstanceDecoder decoder,
		DecoderSettings settings, Plane plane, Blocks blocks, int b, PlaneStatistics statistics)
	{
		int decoded = runner.outputIds().indexOf(runner.description().decodedOutput().id());
		Blocks.Block block = blocks.block(b);
		return BlockObjects.decode(runner, decoder, settings, blocks, block,
			blockMaps(runner, source, plane, block, statistics, decoder).get(decoded));
	}

	/** Every output map of a block's read region, normalised with the plane's statistics (as one when there are none). */
	private static List<FloatTensor> blockMaps(ModelRunner runner, RegionSource source, Plane plane, Blocks.Block block,
		PlaneStatistics statistics, Decoder decoder)
	{
		AxisImage<?> region = source.read(block.readX0(), block.readY0(), block.readWidth(), block.readHeight(), plane.z(),
			plane.t());
		if (statistics == null) return runner.allMaps(region, new Plane(0, 0), decoder);
		List<RegionStatistics> fixed = runner.samples.regionStatistics();
		for (int n = 0; n < fixed.size(); n++)
			fixed.get(n).restore(statistics.values().get(n));
		return runner.regionMaps(region, fixed, decoder);
	}

	/** The class of every pixel of every 2D plane of {@code source}, block by block, as rows to {@code classes}. */
	public static void semantic(ModelRunner runner, RegionSource source, SemanticDecoder decoder, DecoderSettings settings,
		RowSink classes)
	{
		run(runner, source, decoder, NO_MAPS, new BlockClasses(runner, decoder, settings, classes, null));
	}

	// -- in memory

	/** A class per pixel for each 2D plane, in stack order. */
	public static List<PlaneResult<ClassMap>> semantic(ModelRunner runner, AxisImage<?> image, SemanticDecoder decoder,
		DecoderSettings settings)
	{
		return semantic(runner, image, decoder, settings, NO_MAPS);
	}

	/**
	 * A class per pixel for each 2D plane, in stack order; every output map of each plane goes to
	 * {@code maps}. Probabilities are kept only for planes that fit one block.
	 */
	public static List<PlaneResult<ClassMap>> semantic(ModelRunner runner, AxisImage<?> image, SemanticDecoder decoder,
		DecoderSettings settings, OutputMaps outputs)
	{
		ImageRegions source = new ImageRegions(image);
		List<PlaneResult<ClassMap>> results = new ArrayList<>();
		List<FloatTensor> probabilities = new ArrayList<>();
		int width = (int) source.width(), height = (int) source.height();
		MemoryRows rows = new MemoryRows(width, height, (z, t, classes) -> results.add(new PlaneResult<>(new Plane(z, t),
			new ClassMap(classes, width, height, probabilities.get(results.size())))));
		BlockClasses task = new BlockClasses(runner, decoder, settings, rows, probabilities);
		run(runner, source, decoder, outputs, task);
		return results;
	}

	/**
	 * Objects of each 2D plane. Labels are made unique across the stack; with {@code linkZ}, an
	 * object of one Z plane that overlaps an object of the previous plane (IoU above
	 * {@code linkIou}) keeps its label, which makes 3D objects from a 2D model.
	 */
	public static InstanceStack instances(ModelRunner runner, AxisImage<?> image, InstanceDecoder decoder,
		DecoderSettings settings, boolean linkZ, double linkIou)
	{
		return instances(runner, image, decoder, settings, linkZ, linkIou, NO_MAPS);
	}

	/** {@link #instances} that also hands every output map of each plane to {@code outputs}. */
	public static InstanceStack instances(ModelRunner runner, AxisImage<?> image, InstanceDecoder decoder,
		DecoderSettings settings, boolean linkZ, double linkIou, OutputMaps outputs)
	{
		InstanceStack.Builder stack = new InstanceStack.Builder(linkZ, linkIou);
		Summary found = forEachPlaneObjects(runner, image, decoder, settings, outputs, stack::add);
		return stack.build(found.cut());
	}

	/**
	 * Runs the network per plane (per block of a large plane) and decodes each plane's objects at
	 * the image's size, whatever the output's scale: a coarser grid goes to the decoder as it is, a
	 * finer map is first averaged to the plane's size. Each plane's objects are labelled 1..N.
	 */
	static Summary forEachPlaneObjects(ModelRunner runner, AxisImage<?> image, InstanceDecoder decoder, DecoderSettings settings,
		OutputMaps outputs, BiConsumer<Plane, Instances> action)
	{
		ImageRegions source = new ImageRegions(image);
		int width = (int) source.width(), height = (int) source.height();
		List<Instance> found = new ArrayList<>();
		MemoryRows rows = new MemoryRows(width, height, (z, t, labels) -> {
			// Labels run on across the planes; each plane's objects become 1..N.
			int offset = found.isEmpty() ? 0 : found.get(0).label() - 1;
			if (offset > 0) for (int i = 0; i < labels.length; i++)
				if (labels[i] > 0) labels[i] -= offset;
			List<Instance> objects = found.stream().map(o -> new Instance(o.label() - offset, o.classIndex(), o.score())).toList();
			found.clear();
			action.accept(new Plane(z, t), new Instances(labels, width, height, objects));
		});
		ObjectAssembly assembly = new ObjectAssembly(rows, o -> found.add(o.instance()));
		run(runner, source, decoder, outputs, new BlockObjects(runner, decoder, settings, assembly));
		return assembly.summary();
	}

	// -- the plane and block loop

	/** What a task does with the decoded output of each block of each plane. */
	interface BlockTask {
		void startPlane(Plane plane, Blocks blocks);

		/** @param maps the decoder's output for the block's read region, [C, Y, X] */
		void block(Blocks.Block block, FloatTensor maps);

		void endPlane();
	}

	/**
	 * The one loop over the planes of an image and the blocks of each plane: progress ("plane i of
	 * n, block j of m" and the time left), a cancel taking effect before the next block. A plane in
	 * several blocks is first normalised with statistics gathered over the whole plane. Whole planes
	 * of an image in memory go to the network several per call where the model allows
	 * ({@link ModelRunner#planesPerCall}). A 3D model runs on each volume of an image in memory,
	 * handing the tasks its slices as whole planes.
	 */
	private static void run(ModelRunner runner, RegionSource source, Decoder decoder, OutputMaps outputs, BlockTask task) {
		int decoded = runner.outputIds().indexOf(runner.description().decodedOutput().id());
		boolean volumes = runner.readsVolumes();
		AxisImage<?> image = source instanceof ImageRegions r ? r.image() : null;
		if (volumes && image == null) throw inMemoryOnly(runner);
		Blocks blocks;
		if (volumes) {
			blocks = Blocks.whole(source.width(), source.height());
			InputCheck.check(runner, image);
		}
		else blocks = blocks(runner, source);
		if (blocks.count() > 1 && outputs != NO_MAPS) throw new VisionJException("The " + source.width() + "x" +
			source.height() + " image is segmented in blocks of " + blocks.size() + " pixels, and the model's whole-plane " +
			"output maps are not kept then; turn off writing every model output (and probability maps), or crop the image.");
		List<Plane> units = new ArrayList<>();
		for (int t = 0; t < source.frames(); t++)
			if (volumes) units.add(new Plane(Plane.ALL, t));
			else for (int z = 0; z < source.slices(); z++)
				units.add(new Plane(z, t));
		int perCall = !volumes && image != null && blocks.count() == 1 ? runner.planesPerCall(image) : 1;
		PlaneProgress progress = new PlaneProgress(runner.progress(), "Segmenting", (long) units.size() * blocks.count());
		for (int u = 0; u < units.size(); u += perCall) {
			progress.checkCanceled();
			if (volumes) {
				Plane plane = units.get(u);
				List<FloatTensor> maps = runner.allMaps(image, plane, decoder);
				for (int z = 0; z < maps.get(decoded).dim(1); z++) {
					Plane slice = new Plane(z, plane.t());
					List<FloatTensor> slices = maps.stream().map(m -> m == null ? null : sliceZ(m, slice.z())).toList();
					outputs.accept(slice, slices);
					wholePlane(task, slice, blocks, slices.get(decoded));
				}
				progress.finished(u, units.size(), 0, 1);
			}
			else if (perCall > 1 || (image != null && blocks.count() == 1)) {
				// whole planes in memory, each normalised as one
				List<Plane> group = units.subList(u, Math.min(units.size(), u + perCall));
				List<List<FloatTensor>> groupMaps = runner.allMaps(image, group, decoder);
				for (int i = 0; i < group.size(); i++) {
					outputs.accept(group.get(i), groupMaps.get(i));
					wholePlane(task, group.get(i), blocks, groupMaps.get(i).get(decoded));
					progress.finished(u + i, units.size(), 0, 1);
				}
			}
			else {
				Plane plane = units.get(u);
				PlaneStatistics statistics = statistics(runner, source, plane, blocks);
				task.startPlane(plane, blocks);
				for (int b = 0; b < blocks.count(); b++) {
					if (b > 0) progress.checkCanceled();
					Blocks.Block block = blocks.block(b);
					List<FloatTensor> maps = blockMaps(runner, source, plane, block, statistics, decoder);
					// the whole plane, normalised as one
					if (statistics == null) outputs.accept(plane, maps);
					task.block(block, maps.get(decoded));
					progress.finished(u, units.size(), b, blocks.count());
				}
				task.endPlane();
			}
		}
	}

	private static VisionJException inMemoryOnly(ModelRunner runner) {
		return new VisionJException("Model '" + runner.description().name() + "' is a 3D model, which VisionJ runs on images " +
			"held in memory only; open the image in Fiji first.");
	}

	/** Hands a whole plane's decoded output to the task as its one block. */
	private static void wholePlane(BlockTask task, Plane plane, Blocks blocks, FloatTensor maps) {
		task.startPlane(plane, blocks);
		task.block(blocks.block(0), maps);
		task.endPlane();
	}

	private static FloatTensor sliceZ(FloatTensor maps, int z) {
		int c = (int) maps.dim(0), zs = (int) maps.dim(1), h = (int) maps.dim(2), w = (int) maps.dim(3);
		float[] out = new float[c * h * w];
		for (int ch = 0; ch < c; ch++)
			System.arraycopy(maps.data(), ((ch * zs) + z) * h * w, out, ch * h * w, h * w);
		return new FloatTensor(out, c, h, w);
	}

	/** Semantic segmentation block by block: each block keeps the classes of its core. */
	private static final class BlockClasses implements BlockTask {

		private final ModelRunner runner;
		private final SemanticDecoder decoder;
		private final DecoderSettings settings;
		private final RowSink sink;
		/** Per plane, when kept (not null): the probabilities of a plane in one block, else null. */
		private final List<FloatTensor> probabilities;
		private LabelBand band;
		private Blocks blocks;
		private FloatTensor planeProbabilities;

		BlockClasses(ModelRunner runner, SemanticDecoder decoder, DecoderSettings settings, RowSink sink,
			List<FloatTensor> probabilities)
		{
			this.runner = runner;
			this.decoder = decoder;
			this.settings = settings;
			this.sink = sink;
			this.probabilities = probabilities;
		}

		@Override
		public void startPlane(Plane plane, Blocks blocks) {
			this.blocks = blocks;
			band = new LabelBand(blocks, sink, plane);
			planeProbabilities = null;
		}

		@Override
		public void block(Blocks.Block block, FloatTensor maps) {
			int w = block.readWidth(), h = block.readHeight();
			ClassMap map = decoder.decodeClasses(Tensors.toPlaneSize(maps, runner.grid(), runner.upscale(), w, h), settings);
			band.flushBefore(block.readY0());
			for (long y = block.y0(); y < block.y1(); y++)
				for (long x = block.x0(); x < block.x1(); x++)
					band.set(x, y, map.classes()[(int) ((y - block.readY0()) * w + x - block.readX0())]);
			if (blocks.count() == 1) planeProbabilities = map.probabilities();
		}

		@Override
		public void endPlane() {
			if (probabilities != null) probabilities.add(planeProbabilities);
			band.finish();
		}
	}
}
