package io.github.visionj.spark;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;

import io.github.visionj.PendingFile;
import io.github.visionj.VisionJException;
import io.github.visionj.cli.Task;
import io.github.visionj.command.InstanceSegmentCommand;
import io.github.visionj.output.AtomicFile;
import io.github.visionj.output.InstanceFiles;
import io.github.visionj.output.OutputFile;
import io.github.visionj.output.OutputFolder;
import io.github.visionj.output.RegionStack;
import io.github.visionj.pipeline.Blocks;
import io.github.visionj.pipeline.ObjectAssembly;
import io.github.visionj.pipeline.Plane;
import io.github.visionj.pipeline.PlaneStatistics;
import io.github.visionj.pipeline.Segmentation;
import io.github.visionj.tiff.TiffRegions;

/**
 * One huge TIFF segmented by the Spark job block by block ({@code --blocks <size>}): the driver
 * cuts each plane as the single-machine block-wise run does ({@link Segmentation#blocks}), gathers
 * each plane's whole-plane statistics and hands the blocks to the executors ({@link BlockWork});
 * then it streams the block files, in block order, into an {@link ObjectAssembly}, which numbers
 * the objects, and on into the launcher's result files of an image in blocks (labels, ROIs,
 * measurements, overlay). The block files are removed once the results are written; until then a
 * rerun redoes only the blocks that have none.
 */
final class HugeImage {

	/** The folder under the output folder that holds the block files, one subfolder per image. */
	static final String BLOCKS = ".visionj-blocks";

	private final Task task;
	private final String taskName;
	private final Map<String, String> options;
	private final File file;
	private final int blockSize;

	private HugeImage(Task task, String taskName, Map<String, String> options, File file, int blockSize) {
		this.task = task;
		this.taskName = taskName;
		this.options = options;
		this.file = file;
		this.blockSize = blockSize;
	}

	/**
	 * The input of {@code task} as a huge image in blocks of {@code size} pixels.
	 *
	 * @throws VisionJException for another task than instance, an input that is not one TIFF file, or a bad size
	 */
	static HugeImage of(Task task, String taskName, Map<String, String> options, String size) {
		if (!taskName.equals("instance")) throw new VisionJException("--blocks segments one huge image with the instance " +
			"task, not " + taskName + "; leave --blocks out.");
		int edge;
		try {
			edge = Integer.parseInt(size);
		}
		catch (NumberFormatException e) {
			edge = 0;
		}
		if (edge < 64) throw new VisionJException("--blocks is the edge of the blocks in pixels, at least 64, not '" + size + "'.");
		if (task.input() == null || task.outputFolder() == null) throw new VisionJException("--input and --output are needed; " +
			"give the huge image and the folder where results are written.");
		File file = new File(task.input());
		String lower = file.getName().toLowerCase(Locale.ROOT);
		if (!Files.isRegularFile(file.toPath()) || !(lower.endsWith(".tif") || lower.endsWith(".tiff"))) throw new VisionJException(
			"with --blocks the input is one TIFF file, not " + file + "; give the huge image's .tif file.");
		return new HugeImage(task, taskName, options, file, edge);
	}

	String name() {
		return file.getName();
	}

	/**
	 * Segments the image: its blocks on the executors ({@code execute}: runs the works, answers
	 * their rows, logs them), the assembly here.
	 *
	 * @param say the log
	 * @return the image's row of the summary
	 */
	SummaryRow run(boolean skip, Function<List<Work>, SummaryRow[]> execute, Consumer<String> say) {
		long start = System.nanoTime();
		String base = OutputFile.baseName(file.getName());
		Path folder = task.outputFolder();
		// As the launcher: results of a killed run's temporary files removed; all results there: skipped; some: replaced.
		List<String> targets = task.targets(file);
		AtomicFile.removeStale(folder, targets);
		long present = targets.stream().filter(t -> Files.exists(folder.resolve(t))).count();
		if (skip && present == targets.size()) return new SummaryRow(name(), SummaryRow.Status.SKIPPED,
			InputFile.rows(folder.resolve(OutputFile.RESULTS.fileName(base))), 0, "");
		boolean overwrite = Boolean.parseBoolean(options.getOrDefault("overwrite", "false")) || skip && present > 0;
		for (String t : targets)
			PendingFile.refuseExisting(folder.resolve(t), overwrite);
		InstanceSegmentCommand.Blockwise setup = ((InstanceSegmentCommand) task.command()).blockwise(blockSize);
		try (TiffRegions source = new TiffRegions(file.toPath())) {
			Blocks blocks = Segmentation.blocks(setup.runner(), source);
			String key = key(blocks);
			Path blockFolder = folder.resolve(BLOCKS).resolve(base);
			Files.createDirectories(blockFolder);
			List<Plane> planes = new ArrayList<>();
			for (int t = 0; t < source.frames(); t++)
				for (int z = 0; z < source.slices(); z++)
					planes.add(new Plane(z, t));
			say.accept(name() + ": " + blocks.width() + "x" + blocks.height() + " in " + blocks.count() + " block(s) of " +
				blocks.size() + " px (margin " + blocks.margin() + ") per plane, " + planes.size() + " plane(s)");
			List<Work> works = new ArrayList<>();
			for (Plane plane : planes) {
				boolean missing = false;
				for (int b = 0; b < blocks.count() && !missing; b++)
					missing = !skip || BlockFile.objects(BlockFile.of(blockFolder, plane.z(), plane.t(), b), key) == null;
				// Only a plane with blocks to do needs its statistics (a pass over the whole plane, here).
				PlaneStatistics statistics = missing ? Segmentation.statistics(setup.runner(), source, plane, blocks) : null;
				for (int b = 0; b < blocks.count(); b++)
					works.add(new BlockWork(file.getAbsolutePath(), blockFolder.toString(), key, blockSize, blocks, plane, b,
						statistics));
			}
			SummaryRow[] rows = execute.apply(works);
			long failed = 0, skipped = 0;
			String firstFailure = null;
			for (SummaryRow r : rows) {
				if (r.status() == SummaryRow.Status.FAILED && failed++ == 0) firstFailure = r.file() + ": " + r.message();
				if (r.status() == SummaryRow.Status.SKIPPED) skipped++;
			}
			say.accept(name() + ": blocks " + (rows.length - failed - skipped) + " done, " + skipped + " skipped, " + failed +
				" failed of " + rows.length);
			if (failed > 0) return new SummaryRow(name(), SummaryRow.Status.FAILED, 0, seconds(start), failed + " of " + rows.length +
				" blocks failed (" + firstFailure + "); a rerun redoes only those");
			Segmentation.Summary summary = assemble(source, setup, blocks, planes, blockFolder, key, OutputFolder.open(folder,
				overwrite), base);
			BlockFile.removeAll(blockFolder);
			if (summary.cut() > 0) say.accept(name() + ": " + summary.cut() + " objects reach the margin of their block and may be " +
				"cut; larger --blocks (and with them wider margins) keep them whole");
			return new SummaryRow(name(), SummaryRow.Status.OK, summary.objects(), seconds(start), "");
		}
		catch (java.io.IOException e) {
			throw new VisionJException("cannot create the block folder under " + folder + " (" + e + "); check its permissions.", e);
		}
	}

	/**
	 * Streams the block files, one at a time and in block order, into the image's result files,
	 * written as the launcher writes those of an image in blocks ({@link InstanceFiles}).
	 */
	private Segmentation.Summary assemble(TiffRegions source, InstanceSegmentCommand.Blockwise setup, Blocks blocks,
		List<Plane> planes, Path blockFolder, String key, OutputFolder folder, String base)
	{
		InstanceFiles files = new InstanceFiles(folder, base, RegionStack.open(source, file.getName()), source, setup.objectName(),
			setup.classNames());
		return files.commitAfter(() -> {
			ObjectAssembly assembly = new ObjectAssembly(files, files);
			for (Plane plane : planes) {
				assembly.startPlane(plane, blocks);
				for (int b = 0; b < blocks.count(); b++)
					assembly.add(blocks.block(b), BlockFile.read(BlockFile.of(blockFolder, plane.z(), plane.t(), b), key));
				assembly.endPlane();
			}
			return assembly.summary();
		});
	}

	/** What makes a block file this run's: the task, the options that change results, the blocks and the image file. */
	private String key(Blocks blocks) {
		Map<String, String> settings = new TreeMap<>(options);
		settings.keySet().removeAll(List.of("input", "output", "overwrite", "skip_existing"));
		return taskName + " " + settings + " " + blocks + " " + file.getAbsolutePath() + " " + file.length() + " bytes " +
			file.lastModified();
	}

	private static double seconds(long start) {
		return (System.nanoTime() - start) / 1e9;
	}
}
