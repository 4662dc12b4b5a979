package io.github.visionj.cli;

import java.io.File;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.convert.ConvertService;
import org.scijava.log.LogLevel;
import org.scijava.log.LogService;
import org.scijava.app.event.StatusEvent;
import org.scijava.command.Command;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.event.EventHandler;
import org.scijava.event.EventService;
import org.scijava.module.ModuleException;
import org.scijava.module.ModuleItem;
import org.scijava.plugin.Plugin;

import ij.IJ;
import ij.ImagePlus;
import io.github.visionj.VisionJException;
import io.github.visionj.command.ClassifyCommand;
import io.github.visionj.command.CommandSetting;
import io.github.visionj.command.DetectCommand;
import io.github.visionj.command.EvaluateCommand;
import io.github.visionj.command.InstanceSegmentCommand;
import io.github.visionj.command.ModelCommand;
import io.github.visionj.command.ParameterValues;
import io.github.visionj.command.SemanticSegmentCommand;
import io.github.visionj.command.TrainCommand;
import io.github.visionj.engine.ModelCache;
import io.github.visionj.engine.ModelCacheService;
import io.github.visionj.model.BundledModels;
import io.github.visionj.model.ModelDescription;
import io.github.visionj.model.WeightsFormat;
import io.github.visionj.output.AtomicFile;
import io.github.visionj.output.OutputFile;
import io.github.visionj.output.RegionStack;
import io.github.visionj.pipeline.SelfCheck;
import io.github.visionj.tiff.TiffRegions;

/**
 * The command-line launcher: {@code java -jar visionj.jar <task> --option value …}. It runs the
 * very same SciJava commands as the Fiji menu, in a headless SciJava context, one input image
 * at a time, and exits non-zero with one line per failure.
 */
public final class Main {

	static final Map<String, Class<? extends Command>> TASKS = new LinkedHashMap<>();
	static {
		TASKS.put("semantic", SemanticSegmentCommand.class);
		TASKS.put("instance", InstanceSegmentCommand.class);
		TASKS.put("detect", DetectCommand.class);
		TASKS.put("classify", ClassifyCommand.class);
		TASKS.put("evaluate", EvaluateCommand.class);
		TASKS.put("train", TrainCommand.class);
	}

	private static final List<String> IMAGE_EXTENSIONS = List.of(".tif", ".tiff", ".png", ".jpg", ".jpeg", ".bmp", ".gif");

	private final PrintStream out, err;

	Main(PrintStream out, PrintStream err) {
		this.out = out;
		this.err = err;
	}

	public static void main(String[] args) {
		System.setProperty("java.awt.headless", "true");
		// DJL logs through SLF4J; without a chosen provider SLF4J prints three warning lines.
		if (System.getProperty("slf4j.provider") == null) {
			System.setProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
			System.setProperty("slf4j.internal.verbosity", "WARN");
		}
		Main main = new Main(System.out, System.err);
		Runtime.getRuntime().addShutdownHook(new Thread(main::stop, "VisionJ stop"));
		int code;
		try {
			code = main.run(args);
		}
		finally {
			main.finished.countDown();
		}
		System.exit(code);
	}

	private volatile boolean stopping;
	private final CountDownLatch finished = new CountDownLatch(1);
	private volatile boolean batch;
	private volatile int done, total;

	/**
	 * Java is exiting (Ctrl-C, kill): the batch starts no further image, and the one line that
	 * says where it stopped is printed (by the batch when it gets there in time). SciJava shuts
	 * its threads down at the same moment, so the image in progress fails; its failure is not
	 * reported as one.
	 */
	void stop() {
		stopping = true;
		try {
			if (finished.await(10, TimeUnit.SECONDS)) return;
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		err.println(stoppedMessage());
	}

	private String stoppedMessage() {
		return batch ? "visionj: stopped by a signal after " + done + " of " + total + " input(s); run again with " +
			"--skip-existing to process the rest." : "visionj: stopped by a signal.";
	}

	/** Runs a task; returns the process exit code (0 when every input succeeded). */
	int run(String[] args) {
		if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
			out.print(usage());
			return args.length == 0 ? 2 : 0;
		}
		Class<? extends Command> command = TASKS.get(args[0]);
		if (command == null && !args[0].equals("check")) {
			err.println("visionj: unknown task '" + args[0] + "'; choose one of " + TASKS.keySet() + " or check (see --help).");
			return 2;
		}
		boolean perImage = !args[0].equals("evaluate") && !args[0].equals("train");
		Map<String, String> options;
		try {
			options = parse(Arrays.copyOfRange(args, 1, args.length));
		}
		catch (IllegalArgumentException e) {
			err.println("visionj: " + e.getMessage());
			return 2;
		}
		if (options.containsKey("help")) {
			out.print(usage());
			return 0;
		}
		if (command == null) return check(options);
		try (Context context = new Context(CommandService.class, EventService.class, StatusService.class, LogService.class,
			ConvertService.class, ModelCacheService.class)) {
			CommandService commands = context.service(CommandService.class);
			CommandInfo info = commands.getCommand(command);
			String unknown = unknownOption(command, options, perImage, args[0]);
			if (unknown != null) {
				err.println("visionj: " + unknown);
				return 2;
			}
			String input = perImage ? options.remove("input") : null;
			String skip = perImage ? options.remove("skip_existing") : null;
			Map<String, Object> settings;
			try {
				settings = settings(command, options);
				if (skip != null && !skip.equalsIgnoreCase("true") && !skip.equalsIgnoreCase("false")) throw new VisionJException(
					"--skip-existing is true or false, not '" + skip + "'.");
			}
			catch (VisionJException e) {
				err.println("visionj: " + e.getMessage());
				return 2;
			}
			context.service(EventService.class).subscribe(this);
			// The commands also log their failures; here the one line printed below is enough. Their
			// warnings (a model that fails its self-check) are still shown, and Train logs its progress.
			context.service(LogService.class).setLevel(command == TrainCommand.class ? LogLevel.INFO : LogLevel.NONE);
			context.service(LogService.class).setLevel(ModelCommand.class.getName(), LogLevel.WARN);
			if (!perImage) {
				int code = runOnce(commands, info, settings, "");
				if (stopping) err.println(stoppedMessage());
				return code;
			}
			return runPerImage(commands, info, input, settings, Boolean.parseBoolean(skip));
		}
	}

	/**
	 * Runs a model on its test inputs with each weights format it offers (or the one given) and prints one
	 * verdict per format, like {@code bioimageio test}; 0 only when every format reproduces the test outputs.
	 */
	private int check(Map<String, String> options) {
		String model = options.remove("model"), weights = options.remove("weights");
		if (!options.isEmpty()) {
			err.println("visionj: unknown option --" + options.keySet().iterator().next().replace('_', '-') +
				" for task check; see --help.");
			return 2;
		}
		if (model == null) {
			err.println("visionj: --model is missing; give a bundled model id or a bioimage.io model folder or .zip.");
			return 2;
		}
		List<WeightsFormat> formats;
		try {
			WeightsFormat asked = WeightsFormat.byKey(weights);
			formats = asked != null ? List.of(asked) : ModelDescription.load(BundledModels.resolve(model)).weightsFormats();
		}
		catch (VisionJException e) {
			err.println("visionj: " + e.getMessage());
			return 2;
		}
		boolean passed = true;
		try (ModelCache models = new ModelCache()) {
			for (WeightsFormat format : formats) {
				SelfCheck.Verdict verdict;
				try {
					verdict = SelfCheck.run(models.get(model, format));
				}
				catch (VisionJException e) {
					verdict = new SelfCheck.Verdict(SelfCheck.Status.CANNOT_CHECK, e.getMessage());
				}
				out.println(format + ": " + switch (verdict.status()) {
					case PASSED -> "passed";
					case MISMATCH -> "FAILED";
					case CANNOT_CHECK -> "cannot check";
				} + ": " + verdict.message());
				passed &= verdict.status() == SelfCheck.Status.PASSED;
			}
		}
		return passed ? 0 : 1;
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

	/**
	 * Every input is processed or reported, and the batch goes on after a failure. Before any
	 * work, inputs whose results would have the same names are refused.
	 */
	private int runPerImage(CommandService commands, CommandInfo info, String input, Map<String, Object> settings,
		boolean skipExisting)
	{
		if (input == null) {
			err.println("visionj: --input is missing; give an image file or a folder of images.");
			return 2;
		}
		if (!settings.containsKey("output")) {
			err.println("visionj: --output is missing; give the folder where results are written.");
			return 2;
		}
		List<File> files = inputFiles(new File(input));
		if (files == null) return 2;
		String clash = sameNames(files);
		if (clash != null) {
			err.println("visionj: " + clash);
			return 2;
		}
		Path folder = ((File) settings.get("output")).toPath();
		List<OutputFile> outputs = outputs(info, settings);
		total = files.size();
		batch = true;
		List<String> failed = new ArrayList<>();
		int skipped = 0;
		for (int i = 0; i < files.size() && !stopping; i++) {
			File f = files.get(i);
			out.println("[" + (i + 1) + "/" + files.size() + "] " + f.getName());
			String name = OutputFile.baseName(f.getName());
			List<String> targets = outputs.stream().map(o -> o.fileName(name)).toList();
			Map<String, Object> inputs = new LinkedHashMap<>(settings);
			try {
				AtomicFile.removeStale(folder, targets);
			}
			catch (VisionJException e) {
				err.println("visionj: " + e.getMessage());
				return 1;
			}
			if (skipExisting) {
				long present = targets.stream().filter(t -> Files.exists(folder.resolve(t))).count();
				if (present == targets.size()) {
					out.println("  all its results exist; skipped");
					skipped++;
					done++;
					continue;
				}
				// Some results but not all: an interrupted run's, replaced now.
				if (present > 0) inputs.put("overwrite", true);
			}
			String problem = open(f, inputs);
			try {
				if (problem == null && runOnce(commands, info, inputs, f.getName() + ": ") != 0) problem = "";
			}
			finally {
				close(inputs);
			}
			if (stopping) break;
			if (problem != null) {
				if (!problem.isEmpty()) err.println("visionj: cannot read " + f + ": " + problem);
				failed.add(f.getName());
			}
			done++;
		}
		if (stopping) {
			err.println(stoppedMessage());
			return 1;
		}
		if (skipped > 0) out.println(skipped + " of " + files.size() + " input(s) skipped: all their results exist.");
		if (failed.isEmpty()) return 0;
		if (files.size() > 1) err.println("visionj: " + failed.size() + " of " + files.size() + " input(s) failed: " + String.join(", ", failed) + ".");
		return 1;
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

	/** Says which inputs would write results of the same name (compared ignoring case), or null. */
	private static String sameNames(List<File> files) {
		Map<String, List<String>> byName = new LinkedHashMap<>();
		for (File f : files)
			byName.computeIfAbsent(OutputFile.baseName(f.getName()).toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(f.getName());
		List<String> clashes = byName.values().stream().filter(names -> names.size() > 1).map(names -> String.join(" and ", names))
			.toList();
		return clashes.isEmpty() ? null : "the results of " + String.join("; of ", clashes) + " would have the same file names (the " +
			"name without extension and spaces); rename them or put them in separate folders.";
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

	private int runOnce(CommandService commands, CommandInfo info, Map<String, Object> inputs, String what) {
		try {
			java.util.concurrent.Future<CommandModule> running = commands.run(info, true, inputs);
			// SciJava answers null once its own shutdown hook has stopped its threads, that is when Java
			// exits on a signal, possibly before stop() has run: it is the same stop.
			if (running == null) {
				stopping = true;
				return 1;
			}
			CommandModule module = running.get();
			clearProgressLine();
			if (module.isCanceled()) {
				if (!stopping) err.println("visionj: " + what + module.getCancelReason());
				return 1;
			}
			// Text outputs (Evaluate's summary) are what a user of the launcher wants to read.
			for (ModuleItem<?> item : module.getInfo().outputs())
				if (item.getType() == String.class && module.getOutput(item.getName()) != null)
					out.print(module.getOutput(item.getName()));
			return 0;
		}
		catch (Exception e) {
			clearProgressLine();
			if (!stopping) err.println("visionj: " + what + "unexpected error: " + (e.getCause() != null ? e.getCause() : e));
			return 1;
		}
	}

	private boolean progressShown;

	/** Shows the commands' status-bar progress as one line that is rewritten in place. */
	@EventHandler
	public void onStatus(StatusEvent e) {
		if (e.getStatusMessage() == null || e.getStatusMessage().isEmpty() || e.getProgressMaximum() <= 0) return;
		err.print(String.format(Locale.ROOT, "\r  %s %d/%d   ", e.getStatusMessage(), e.getProgressValue(),
			e.getProgressMaximum()));
		progressShown = true;
	}

	private void clearProgressLine() {
		if (progressShown) err.println();
		progressShown = false;
	}

	/** The input file, or the images of the input folder: regular files only (no folder, pipe or device). */
	private List<File> inputFiles(File input) {
		if (Files.isRegularFile(input.toPath())) return List.of(input);
		if (!input.isDirectory()) {
			err.println("visionj: the input " + input + (input.exists() ? " is not a regular file" : " does not exist") +
				"; give an image file or a folder of images.");
			return null;
		}
		// Result files of an earlier run (or ground-truth labels named like them) are not inputs.
		File[] all = input.listFiles(f -> Files.isRegularFile(f.toPath()) &&
			IMAGE_EXTENSIONS.stream().anyMatch(f.getName().toLowerCase(Locale.ROOT)::endsWith) &&
			!OutputFile.isResult(f.getName()));
		if (all == null || all.length == 0) {
			err.println("visionj: the folder " + input + " has no images (" + String.join(", ", IMAGE_EXTENSIONS) + ").");
			return null;
		}
		Arrays.sort(all);
		return new ArrayList<>(Arrays.asList(all));
	}

	/** {@code --tile-size 256} → {@code tile_size=256}; a flag without a value is {@code true}. */
	static Map<String, String> parse(String[] args) {
		Map<String, String> options = new LinkedHashMap<>();
		for (int i = 0; i < args.length; i++) {
			if (!args[i].startsWith("--")) throw new IllegalArgumentException("unexpected argument '" + args[i] +
				"'; options look like --model nuclei (see --help).");
			String key = args[i].substring(2).replace('-', '_');
			boolean hasValue = i + 1 < args.length && !args[i + 1].startsWith("--");
			options.put(key, hasValue ? args[++i] : "true");
		}
		return options;
	}

	/** Only the command's settings are options (not the image, not the services), and the launcher's own for per-image tasks. */
	private static String unknownOption(Class<? extends Command> command, Map<String, String> options, boolean perImage,
		String task)
	{
		Map<String, CommandSetting> declared = byKey(command);
		for (String key : options.keySet())
			if (!declared.containsKey(key) && !(perImage && LAUNCHER_OPTIONS.containsKey(key))) return "unknown option --" +
				key.replace('_', '-') + " for task " + task + "; see --help.";
		return null;
	}

	/** The launcher's own options of the per-image tasks, by key: they are not settings of a command. */
	private static final Map<String, String[]> LAUNCHER_OPTIONS = Map.of(
		"input", new String[] { "--input <file|folder>", "an image, or a folder of images (" + String.join(" ", IMAGE_EXTENSIONS) + ")" },
		"skip_existing", new String[] { "--skip-existing", "skip inputs whose results all exist (redo those with only some)" });

	/** The help, its options derived from the commands' settings ({@link CommandSetting}). */
	static String usage() {
		StringBuilder s = new StringBuilder();
		s.append("VisionJ: deep-learning image analysis with bioimage.io models.\n\n");
		s.append("usage: java -jar visionj.jar <task> [options]\n\n");
		s.append("tasks:\n");
		TASKS.forEach((task, command) -> s.append(String.format(Locale.ROOT, "  %-10s %s\n", task,
			command.getAnnotation(Plugin.class).description())));
		s.append("  check      Run a model on its own test inputs and compare with its test outputs, per weights format.\n");
		List<String> modelTasks = TASKS.keySet().stream().filter(t -> ModelCommand.class.isAssignableFrom(TASKS.get(t))).toList();
		s.append("\noptions of ").append(String.join(", ", modelTasks)).append(":\n");
		for (String key : List.of("input", "skip_existing"))
			line(s, LAUNCHER_OPTIONS.get(key)[0], LAUNCHER_OPTIONS.get(key)[1]);
		for (CommandSetting setting : CommandSetting.of(ModelCommand.class)) {
			Map<String, String> defaults = new LinkedHashMap<>();
			for (String task : modelTasks)
				defaults.put(task, shown(setting.defaultValue(TASKS.get(task))));
			String shown = defaults.values().stream().distinct().count() == 1 ? defaults.values().iterator().next()
				: String.join(", ", defaults.entrySet().stream().map(e -> e.getValue() + " (" + e.getKey() + ")").toList());
			option(s, setting, shown);
		}
		TASKS.forEach((task, command) -> {
			s.append("\noptions of ").append(task).append(":\n");
			for (CommandSetting setting : CommandSetting.of(command))
				if (setting.field().getDeclaringClass() == command) option(s, setting, shown(setting.defaultValue(command)));
		});
		s.append("\noptions of check:\n");
		line(s, "--model <text>", "a bundled model id or the path of a bioimage.io model folder or .zip");
		line(s, "--weights <torchscript|onnx>", "check only these weights (default: every format the model has); exit code 0 when " +
			"every format passes, 1 when one fails or cannot be checked");
		s.append("\nbundled models: ").append(String.join(", ", BundledModels.ids())).append("\n");
		s.append("Options are the macro keys with -- in front and - for _; a switch alone is true. Progress goes to stderr, one\n");
		s.append("line per failed input, then their count; the exit code is 0 only when every input succeeded (1: some failed,\n");
		s.append("2: a mistake in the options, nothing done).\n");
		return s.toString();
	}

	/** One option: its label, what it accepts and its default, then its description. */
	private static void option(StringBuilder s, CommandSetting setting, String defaultValue) {
		StringBuilder text = new StringBuilder(setting.parameter().label());
		if (setting.type() == int.class || setting.type() == double.class) text.append("; ").append(setting.accepted());
		if (!defaultValue.isEmpty()) text.append("; default ").append(defaultValue);
		text.append('.');
		if (!setting.parameter().description().isEmpty()) text.append(' ').append(setting.parameter().description());
		line(s, (setting.option() + " " + setting.placeholder()).trim(), text.toString());
	}

	private static final int TEXT_COLUMN = 30, WIDTH = 110;

	/** An option and its text, wrapped at {@link #WIDTH} columns, continuation lines indented to the text. */
	private static void line(StringBuilder s, String option, String text) {
		String indent = " ".repeat(TEXT_COLUMN);
		StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-" + (TEXT_COLUMN - 3) + "s ", option));
		if (line.length() > TEXT_COLUMN) {
			s.append(line.toString().stripTrailing()).append('\n');
			line = new StringBuilder(indent);
		}
		for (String word : text.split(" ")) {
			if (line.length() > TEXT_COLUMN && line.length() + 1 + word.length() > WIDTH) {
				s.append(line).append('\n');
				line = new StringBuilder(indent);
			}
			if (line.length() > TEXT_COLUMN) line.append(' ');
			line.append(word);
		}
		s.append(line).append('\n');
	}

	/** A default as the help shows it: numbers without a needless ".0"; nothing for no value. */
	private static String shown(Object value) {
		if (value == null || value.toString().isEmpty()) return "";
		if (value instanceof Double d && d == Math.rint(d)) return Long.toString(d.longValue());
		return value.toString();
	}
}
