package io.github.visionj.cli;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Future;

import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.convert.ConvertService;
import org.scijava.event.EventService;
import org.scijava.log.LogLevel;
import org.scijava.log.LogService;
import org.scijava.module.ModuleException;
import org.scijava.module.ModuleItem;

import ij.IJ;
import ij.ImagePlus;
import io.github.visionj.VisionJException;
import io.github.visionj.engine.ModelCacheService;
import io.github.visionj.command.CommandSetting;
import io.github.visionj.command.ModelCommand;
import io.github.visionj.command.ParameterValues;
import io.github.visionj.command.TrainCommand;
import io.github.visionj.output.AtomicFile;
import io.github.visionj.output.OutputFile;
import io.github.visionj.output.RegionStack;
import io.github.visionj.tiff.TiffRegions;

/**
 * One task of the launcher with its options parsed and checked, ready to run in its own headless
 * SciJava context: once (evaluate, train), or for a per-image task (semantic, instance, detect,
 * classify) on one input file at a time. The launcher's batch and each executor of the Spark job
 * process their inputs through {@link #process}, so both write the same files.
 */
public final class Task implements AutoCloseable {

	static final List<String> IMAGE_EXTENSIONS = List.of(".tif", ".tiff", ".png", ".jpg", ".jpeg", ".bmp", ".gif");

	/** How a run of the command, or one input, ended. */
	public enum Status {
		OK, SKIPPED, FAILED,
		/** Java is exiting (a signal): nothing to report. */
		STOPPED
	}

	/**
	 * @param message for {@link Status#OK} the command's text outputs (Evaluate's summary), for
	 *          {@link Status#FAILED} the one line that says why (without the {@code visionj: } prefix)
	 */
	public record Outcome(Status status, String message) {}

	private final Context context;
	private final boolean perImage;
	private final CommandInfo info;
	private final Map<String, Object> settings;
	private final String input;
	private final Boolean skipExisting;
	private final List<OutputFile> outputs;

	/**
	 * @param task a key of {@link Main#TASKS}
	 * @param options the options without their {@code --}, dashes as underscores ({@link Main#parse});
	 *          {@code input} and {@code skip_existing} are taken for a per-image task
	 * @throws VisionJException for an unknown option or a setting that cannot be read or is out of range
	 */
	public Task(String task, Map<String, String> options) {
		Class<? extends Command> command = Main.TASKS.get(task);
		if (command == null) throw new VisionJException("unknown task '" + task + "'; choose one of " + Main.TASKS.keySet() +
			" or check (see --help).");
		perImage = ModelCommand.class.isAssignableFrom(command);
		context = new Context(CommandService.class, EventService.class, StatusService.class, LogService.class,
			ConvertService.class, ModelCacheService.class);
		try {
			info = context.service(CommandService.class).getCommand(command);
			Map<String, String> rest = new LinkedHashMap<>(options);
			String unknown = unknownOption(command, rest, task, perImage);
			if (unknown != null) throw new VisionJException(unknown);
			input = perImage ? rest.remove("input") : null;
			String skip = perImage ? rest.remove("skip_existing") : null;
			settings = settings(command, rest);
			if (skip != null && !skip.equalsIgnoreCase("true") && !skip.equalsIgnoreCase("false")) throw new VisionJException(
				"--skip-existing is true or false, not '" + skip + "'.");
			skipExisting = skip == null ? null : Boolean.parseBoolean(skip);
			outputs = perImage ? outputs(info, settings) : List.of();
		}
		catch (RuntimeException e) {
			context.dispose();
			throw e;
		}
		// The commands also log their failures; the one line a caller prints is enough. Their
		// warnings (a model that fails its self-check) are still shown, and Train logs its progress.
		context.service(LogService.class).setLevel(command == TrainCommand.class ? LogLevel.INFO : LogLevel.NONE);
		context.service(LogService.class).setLevel(ModelCommand.class.getName(), LogLevel.WARN);
	}

	/** Whether the task runs on each input image (semantic, instance, detect, classify). */
	public boolean perImage() {
		return perImage;
	}

	/** The {@code --input} option, or null. */
	public String input() {
		return input;
	}

	/** The {@code --skip-existing} option, or null when not given. */
	public Boolean skipExisting() {
		return skipExisting;
	}

	/** The {@code --output} folder, or null. */
	public Path outputFolder() {
		File output = (File) settings.get("output");
		return output == null ? null : output.toPath();
	}

	/** The names of the files the command writes for an input file. */
	public List<String> targets(File f) {
		String name = OutputFile.baseName(f.getName());
		return outputs.stream().map(o -> o.fileName(name)).toList();
	}

	/** Listens to the context's events (the commands' status-bar progress). */
	public void subscribe(Object listener) {
		context.service(EventService.class).subscribe(listener);
	}

	/** Runs the command once with the settings. */
	public Outcome run() {
		return run(new LinkedHashMap<>(settings), "");
	}

	/**
	 * Processes one input file of a per-image task into the output folder: a file whose results
	 * all exist is skipped when {@code skip} is on (one with only some, an interrupted run's, is
	 * redone), a file that cannot be opened or fails is reported.
	 *
	 * @throws VisionJException when the output folder cannot be cleaned of a killed run's temporary files
	 */
	public Outcome process(File f, boolean skip) {
		Path folder = outputFolder();
		List<String> targets = targets(f);
		Map<String, Object> inputs = new LinkedHashMap<>(settings);
		AtomicFile.removeStale(folder, targets);
		if (skip) {
			long present = targets.stream().filter(t -> Files.exists(folder.resolve(t))).count();
			if (present == targets.size()) return new Outcome(Status.SKIPPED, "");
			// Some results but not all: an interrupted run's, replaced now.
			if (present > 0) inputs.put("overwrite", true);
		}
		String problem = open(f, inputs);
		if (problem != null) return new Outcome(Status.FAILED, "cannot read " + f + ": " + problem);
		try {
			return run(inputs, f.getName() + ": ");
		}
		finally {
			close(inputs);
		}
	}

	/** Opens the image into {@code inputs}; returns why it cannot be, or null. */
	private static String open(File f, Map<String, Object> inputs) {
		ImagePlus image;
		try {
			TiffRegions tiff = tiffRegions(f.toPath());
			if (tiff != null && !fitsImageJ(f.toPath(), tiff)) image = RegionStack.open(tiff, f.getName());
			else {
				image = IJ.openImage(f.getPath());
				// what ImageJ cannot open (a tiled TIFF) is read region by region
				if (image == null && tiff != null) image = RegionStack.open(tiff, f.getName());
				else if (tiff != null) tiff.close();
			}
		}
		catch (OutOfMemoryError e) {
			return String.format(Locale.ROOT, "it does not fit in the %.1f GB of memory Java may use; give Java more (java -Xmx… " +
				"-jar visionj.jar) or split the image.", Runtime.getRuntime().maxMemory() / 1e9);
		}
		catch (RuntimeException e) {
			return "ImageJ cannot open it as an image (" + e + "); check the file.";
		}
		if (image == null) return "ImageJ cannot open it as an image; check the file.";
		// Result files are named after the file, as sameNames checked.
		image.setTitle(f.getName());
		inputs.put("image", image);
		return null;
	}

	/** Planes of more pixels than this (4096 × 4096) are read region by region rather than by ImageJ. */
	static final long LARGE_PLANE = 1L << 24;

	/** The file as a TIFF read region by region, or null when it is no TIFF or one that TiffRegions does not read. */
	private static TiffRegions tiffRegions(Path file) {
		String lower = file.getFileName().toString().toLowerCase(Locale.ROOT);
		if (!lower.endsWith(".tif") && !lower.endsWith(".tiff")) return null;
		try {
			return new TiffRegions(file);
		}
		catch (VisionJException e) {
			return null;
		}
	}

	/**
	 * Whether ImageJ should open and hold the TIFF: a classic TIFF whose planes have at most
	 * {@link #LARGE_PLANE} pixels and whose pixels take at most a quarter of Java's memory. A
	 * BigTIFF (which ImageJ 1.x cannot open) or a larger image is read region by region instead.
	 */
	private static boolean fitsImageJ(Path file, TiffRegions tiff) {
		long plane = tiff.width() * tiff.height();
		long bytes = plane * tiff.channels() * tiff.slices() * tiff.frames() * (tiff.bitsPerSample() / 8);
		return !bigTiff(file) && plane <= LARGE_PLANE && bytes <= Runtime.getRuntime().maxMemory() / 4;
	}

	/** A BigTIFF's header: byte order, then 43. */
	private static boolean bigTiff(Path file) {
		try (java.io.InputStream in = Files.newInputStream(file)) {
			byte[] head = in.readNBytes(4);
			return head.length == 4 && (head[0] == 'I' && head[2] == 43 || head[0] == 'M' && head[3] == 43);
		}
		catch (java.io.IOException e) {
			return false;
		}
	}

	/** Closes the file of an image read region by region. */
	private static void close(Map<String, Object> inputs) {
		if (inputs.get("image") instanceof ImagePlus image && image.getStack() instanceof RegionStack r &&
			r.source() instanceof TiffRegions tiff) tiff.close();
	}

	private Outcome run(Map<String, Object> inputs, String what) {
		try {
			Future<CommandModule> running = context.service(CommandService.class).run(info, true, inputs);
			// SciJava answers null once its own shutdown hook has stopped its threads, that is when Java exits on a signal.
			if (running == null) return new Outcome(Status.STOPPED, "");
			CommandModule module = running.get();
			if (module.isCanceled()) return new Outcome(Status.FAILED, what + module.getCancelReason());
			StringBuilder text = new StringBuilder();
			for (ModuleItem<?> item : module.getInfo().outputs())
				if (item.getType() == String.class && module.getOutput(item.getName()) != null) text.append(module.getOutput(item.getName()));
			return new Outcome(Status.OK, text.toString());
		}
		catch (Exception e) {
			return new Outcome(Status.FAILED, what + "unexpected error: " + (e.getCause() != null ? e.getCause() : e));
		}
	}

	@Override
	public void close() {
		context.dispose();
	}

	/** The options as values of the command's settings, each parsed strictly and checked against its range. */
	private static Map<String, Object> settings(Class<? extends Command> command, Map<String, String> options) {
		Map<String, CommandSetting> declared = byKey(command);
		Map<String, Object> settings = new LinkedHashMap<>();
		options.forEach((key, text) -> settings.put(key, ParameterValues.parse(declared.get(key), text)));
		return settings;
	}

	private static Map<String, CommandSetting> byKey(Class<? extends Command> command) {
		Map<String, CommandSetting> byKey = new LinkedHashMap<>();
		for (CommandSetting s : CommandSetting.of(command))
			byKey.put(s.key(), s);
		return byKey;
	}

	/** The files the command writes for each image with these settings. */
	private static List<OutputFile> outputs(CommandInfo info, Map<String, Object> settings) {
		try {
			CommandModule module = (CommandModule) info.createModule();
			settings.forEach(module::setInput);
			return ((ModelCommand) module.getCommand()).outputs();
		}
		catch (ModuleException e) {
			throw new IllegalStateException(e);
		}
	}

	/** Only the command's settings are options (not the image, not the services), and the launcher's own for per-image tasks. */
	private static String unknownOption(Class<? extends Command> command, Map<String, String> options, String task,
		boolean perImage)
	{
		Map<String, CommandSetting> declared = byKey(command);
		for (String key : options.keySet())
			if (!declared.containsKey(key) && !(perImage && Main.LAUNCHER_OPTIONS.containsKey(key))) return "unknown option --" +
				key.replace('_', '-') + " for task " + task + "; see --help.";
		return null;
	}

	/**
	 * The input file, or the images of the input folder (regular files only: no folder, pipe or
	 * device), sorted by name.
	 *
	 * @throws VisionJException when the input is neither, or the folder has no images
	 */
	public static List<File> inputFiles(File input) {
		if (Files.isRegularFile(input.toPath())) return List.of(input);
		if (!input.isDirectory()) throw new VisionJException("the input " + input + (input.exists() ? " is not a regular file" :
			" does not exist") + "; give an image file or a folder of images.");
		// Result files of an earlier run (or ground-truth labels named like them) are not inputs.
		File[] all = input.listFiles(f -> Files.isRegularFile(f.toPath()) &&
			IMAGE_EXTENSIONS.stream().anyMatch(f.getName().toLowerCase(Locale.ROOT)::endsWith) &&
			!OutputFile.isResult(f.getName()));
		if (all == null || all.length == 0) throw new VisionJException("the folder " + input + " has no images (" +
			String.join(", ", IMAGE_EXTENSIONS) + ").");
		Arrays.sort(all);
		return new ArrayList<>(Arrays.asList(all));
	}

	/** Says which inputs would write results of the same name (compared ignoring case), or null. */
	public static String sameNames(List<File> files) {
		Map<String, List<String>> byName = new LinkedHashMap<>();
		for (File f : files)
			byName.computeIfAbsent(OutputFile.baseName(f.getName()).toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(f.getName());
		List<String> clashes = byName.values().stream().filter(names -> names.size() > 1).map(names -> String.join(" and ", names))
			.toList();
		return clashes.isEmpty() ? null : "the results of " + String.join("; of ", clashes) + " would have the same file names (the " +
			"name without extension and spaces); rename them or put them in separate folders.";
	}
}
