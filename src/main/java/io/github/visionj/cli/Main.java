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
import org.scijava.command.CommandModuleItem;
import org.scijava.command.CommandService;
import org.scijava.event.EventHandler;
import org.scijava.event.EventService;
import org.scijava.module.ModuleException;
import org.scijava.module.ModuleItem;

import ij.IJ;
import ij.ImagePlus;
import io.github.visionj.VisionJException;
import io.github.visionj.command.ClassifyCommand;
import io.github.visionj.command.DetectCommand;
import io.github.visionj.command.EvaluateCommand;
import io.github.visionj.command.InstanceSegmentCommand;
import io.github.visionj.command.ModelCommand;
import io.github.visionj.command.ParameterValues;
import io.github.visionj.command.SemanticSegmentCommand;
import io.github.visionj.command.TrainCommand;
import io.github.visionj.engine.ModelCache;
import io.github.visionj.model.BundledModels;
import io.github.visionj.model.ModelDescription;
import io.github.visionj.model.WeightsFormat;
import io.github.visionj.output.AtomicFile;
import io.github.visionj.output.OutputFile;
import io.github.visionj.pipeline.SelfCheck;

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
			ConvertService.class)) {
			CommandService commands = context.service(CommandService.class);
			CommandInfo info = commands.getCommand(command);
			String unknown = unknownOption(info, options, args[0]);
			if (unknown != null) {
				err.println("visionj: " + unknown);
				return 2;
			}
			String input = perImage ? options.remove("input") : null;
			String skip = perImage ? options.remove("skip_existing") : null;
			Map<String, Object> settings;
			try {
				settings = settings(info, options);
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
		for (WeightsFormat format : formats) {
			SelfCheck.Verdict verdict;
			try {
				verdict = SelfCheck.run(ModelCache.get(model, format));
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
		return passed ? 0 : 1;
	}

	/** The options as values of the command's parameters, each parsed strictly and checked against its range. */
	private static Map<String, Object> settings(CommandInfo info, Map<String, String> options) {
		Map<String, Object> settings = new LinkedHashMap<>();
		options.forEach((key, text) -> settings.put(key, ParameterValues.parse(((CommandModuleItem<?>) info.getInput(key)).getField(),
			text, "--" + key.replace('_', '-'))));
		return settings;
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
			if (problem == null && runOnce(commands, info, inputs, f.getName() + ": ") != 0) problem = "";
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
			image = IJ.openImage(f.getPath());
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

	private static String unknownOption(CommandInfo info, Map<String, String> options, String task) {
		for (String key : options.keySet()) {
			if ((key.equals("input") || key.equals("skip_existing")) && !task.equals("evaluate") && !task.equals("train")) continue;
			ModuleItem<?> item = info.getInput(key);
			// Only the user's settings are options; the image and the injected services are not.
			if (item == null || key.equals("image") || !isSetting(item.getType())) return "unknown option --" +
				key.replace('_', '-') + " for task " + task + "; see --help.";
		}
		return null;
	}

	private static boolean isSetting(Class<?> type) {
		return type == String.class || type == File.class || type == boolean.class || type == int.class || type == double.class;
	}

	static String usage() {
		StringBuilder s = new StringBuilder();
		s.append("VisionJ: deep-learning image analysis with bioimage.io models.\n\n");
		s.append("usage: java -jar visionj.jar <task> [options]\n\n");
		s.append("tasks:\n");
		s.append("  semantic   class of every pixel: <name>_classes.tif, _rois.zip, _results.csv\n");
		s.append("  instance   every object its own label: <name>_labels.tif, _rois.zip, _results.csv, _overlay.png\n");
		s.append("  detect     boxes with class and score: <name>_rois.zip, _results.csv, _overlay.png (+ _labels.tif)\n");
		s.append("  classify   class probabilities per image, plane or ROI: <name>_results.csv (+ _rois.zip named by class)\n");
		s.append("  evaluate   score predicted labels or boxes against ground truth: evaluation.csv and a summary\n");
		s.append("  train      fine-tune a model on annotated images: a new model folder\n");
		s.append("  check      run a model on its own test inputs and compare with its test outputs, per weights format\n\n");
		s.append("options of semantic, instance, detect, classify:\n");
		s.append("  --model <id|path>     a bundled model id or a bioimage.io model folder or .zip\n");
		s.append("  --input <file|folder> an image, or a folder of images (.tif .png .jpg …)\n");
		s.append("  --output <folder>     where results are written (required)\n");
		s.append("  --overwrite           replace existing result files\n");
		s.append("  --skip-existing       skip inputs whose results all exist (redo those with only some)\n");
		s.append("  --tile-size <n>       tile edge in pixels (0 = automatic)\n");
		s.append("  --extra-inputs <a,b>  a model's 2nd, 3rd, … inputs from these image files (default: the image's next channels)\n");
		s.append("  --weights <format>    auto (TorchScript if the model has it, else ONNX), torchscript or onnx\n");
		s.append("  --strict-check        stop when the model does not reproduce its own test outputs (else a warning)\n");
		s.append("  semantic:  --threshold <p> (one-channel models)  --probabilities (also write probability maps)\n");
		s.append("  instance:  --probability <p> --overlap <iou> --min-size <px> --link-z --link-iou <iou>\n");
		s.append("  semantic, instance:  --augment (average over the image's mirror images: often better, 4x slower)\n");
		s.append("  semantic, instance:  --raw-maps (also write every output map: <name>_output-<id>.tif)\n");
		s.append("  detect:    --score <s> --overlap <iou> --max-detections <n> --boxes-as-labels\n");
		s.append("  classify:  --mode image|plane|rois  --rois <RoiSet.zip>  --top-k <k>\n");
		s.append("  (a threshold of 0 uses the model's own default)\n\n");
		s.append("options of evaluate:\n");
		s.append("  --pred <file|folder>   predicted label images (a.tif or a_labels.tif), or with --boxes the\n");
		s.append("                         a_rois.zip files written by detect\n");
		s.append("  --truth <file|folder>  ground-truth label images; folders are paired by file name\n");
		s.append("  --output <folder>      where evaluation.csv is written (one row per image and IoU threshold,\n");
		s.append("                         then the totals); a summary is printed\n");
		s.append("  --boxes                match boxes (box IoU) instead of instance masks\n");
		s.append("  --overwrite            replace an existing evaluation.csv\n\n");
		s.append("options of train:\n");
		s.append("  --model <id|path>      the model to start from (star-convex, three-class or foreground decoder)\n");
		s.append("  --annotations folders  the default and the only choice here (ROI Manager, overlay: Fiji's current image)\n");
		s.append("  --images <folder>      the images\n");
		s.append("  --labels <folder>      their label images, paired by file name (a.png with a.tif or a_labels.tif)\n");
		s.append("  --output <folder>      the new model folder (must not exist, unless --overwrite replaces a model folder)\n");
		s.append("  --minutes <m>          time budget, validation included (default 10)\n");
		s.append("  --iterations <n>       stop after n steps (default 0: when the time is up)\n");
		s.append("  --validation <f>       part of the image pairs kept for validation (default 0.2)\n\n");
		s.append("options of check:\n");
		s.append("  --model <id|path>      a bundled model id or a bioimage.io model folder or .zip\n");
		s.append("  --weights <format>     check only torchscript or onnx (default: every format the model has)\n");
		s.append("  exit code 0 when every format passes, 1 when one fails or cannot be checked\n\n");
		s.append("bundled models: nuclei, nuclei-semantic, nuclei-detect, image-modality, nuclei-broad\n");
		s.append("Progress goes to stderr, one line per failed input, then their count; the exit code is 0 only\n");
		s.append("when every input succeeded (1: some failed, 2: a mistake in the options, nothing done).\n");
		return s.toString();
	}
}
