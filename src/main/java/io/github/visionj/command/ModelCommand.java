package io.github.visionj.command;

import java.io.File;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.scijava.plugin.Parameter;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Roi;
import ij.measure.ResultsTable;
import ij.plugin.filter.Analyzer;
import io.github.visionj.VisionJException;
import io.github.visionj.decode.Decoder;
import io.github.visionj.decode.DecoderSettings;
import io.github.visionj.decode.DecoderSettings.Setting;
import io.github.visionj.decode.Decoders;
import io.github.visionj.engine.LoadedModel;
import io.github.visionj.engine.ModelCacheService;
import io.github.visionj.image.AxisImage;
import io.github.visionj.image.ImageRegions;
import io.github.visionj.image.RegionSource;
import io.github.visionj.model.AxisKind;
import io.github.visionj.model.ModelDescription;
import io.github.visionj.model.SizeRule;
import io.github.visionj.model.WeightsFormat;
import io.github.visionj.output.ImagePlusBridge;
import io.github.visionj.output.OutputFile;
import io.github.visionj.output.OutputFolder;
import io.github.visionj.output.RegionStack;
import io.github.visionj.output.RoiManagerPublisher;
import io.github.visionj.pipeline.InputCheck;
import io.github.visionj.pipeline.ModelRunner;
import io.github.visionj.pipeline.RunOptions;
import io.github.visionj.pipeline.SelfCheck;

/**
 * A command that runs a model on an image: the parameters the four task commands share
 * (image, model, output folder, overwrite, tile size) and how they become the pipeline's inputs
 * and ImageJ's outputs.
 */
public abstract class ModelCommand extends VisionJCommand {

	// Every parameter that changes results is persist = false: a macro that omits a key must get
	// the documented default, not whatever an earlier run left in the preferences.

	@Parameter(label = "Image", description = "The image to analyse (the current image in a macro).")
	protected ImagePlus image;

	@Parameter(label = "Model", persist = false, description = "A bundled model id or the path of a bioimage.io model folder or .zip.")
	protected String model;

	@Parameter(label = "Output folder", style = "directory", required = false, persist = false,
		description = "Where result files are written. Required when running headless; when given, the ROI Manager is not used.")
	protected File output;

	@Parameter(label = "Overwrite existing files", persist = false, description = "Replace result files that already exist.")
	protected boolean overwrite = false;

	@Parameter(label = "Tile size (0 = automatic)", min = "0", persist = false,
		description = "Edge of the tiles the image is cut into, in pixels; smaller tiles need less memory.")
	protected int tile_size = 0;

	@Parameter(label = "Further model inputs", required = false, persist = false,
		description = "For a model with several inputs: the open images (by title) or image files that feed its second, " +
			"third, … input, separated by commas. Without them, a model's further inputs are read from the image's next channels.")
	protected String extra_inputs = "";

	@Parameter(label = "Weights", choices = { "auto", "torchscript", "onnx" }, persist = false,
		description = "Which of the model's weights to run: auto takes TorchScript when the model has it, else ONNX.")
	protected String weights = "auto";

	@Parameter(label = "Stop if the model fails its self-check", persist = false,
		description = "At its first use a model is run on its own test images; a model that does not reproduce its " +
			"test outputs gives a warning, or with this option an error.")
	protected boolean strict_check = false;

	@Parameter
	private ModelCacheService models;

	protected ModelCommand(String defaultModel) {
		model = defaultModel;
	}

	/**
	 * The input image as an ImgLib2 view, checked to exist; the settings checked against their
	 * ranges. A virtual stack is first read into memory (it then becomes {@link #image}), or refused
	 * when it would take more than half the free memory.
	 */
	protected AxisImage<?> inputImage() {
		checkImage();
		if (image.getStack().isVirtual()) image = held(image);
		AxisImage<?> wrapped = ImagePlusBridge.wrap(image);
		if (extra_inputs == null || extra_inputs.isBlank()) return wrapped;
		List<AxisImage<?>> images = new java.util.ArrayList<>(List.of(wrapped));
		List<String> names = new java.util.ArrayList<>(List.of("'" + image.getTitle() + "'"));
		for (String name : extra_inputs.split(",")) {
			images.add(ImagePlusBridge.wrap(extraInput(name.trim())));
			names.add("'" + name.trim() + "'");
		}
		return AxisImage.channelsOf(images, names);
	}

	/**
	 * The input image read region by region: without holding it for an image on disk (a
	 * {@link RegionStack}, or a virtual stack of a TIFF file, which the caller closes: see
	 * {@link #withInputSource}), else a view of {@link #inputImage()}.
	 */
	private RegionSource inputSource() {
		checkImage();
		RegionSource source = extra_inputs == null || extra_inputs.isBlank() ? RegionStack.sourceOf(image) : null;
		return source != null ? source : new ImageRegions(inputImage());
	}

	/** The whole input of a region source from {@link #withInputSource}: the image it views, or {@link #inputImage()}. */
	protected AxisImage<?> inputImage(RegionSource source) {
		return source instanceof ImageRegions r ? r.image() : inputImage();
	}

	/** Runs {@code work} on {@link #inputSource()}, closing a source opened for this run (not a RegionStack's own) afterwards. */
	protected void withInputSource(java.util.function.Consumer<RegionSource> work) {
		RegionSource source = inputSource();
		try {
			work.accept(source);
		}
		finally {
			if (source instanceof AutoCloseable c && !(image.getStack() instanceof RegionStack)) {
				try {
					c.close();
				}
				catch (Exception e) {
					log.debug(e);
				}
			}
		}
	}

	private void checkImage() {
		if (image == null) throw new VisionJException("There is no image; open an image first.");
		ParameterValues.check(this);
	}

	/** A virtual stack's planes read into an image in memory, when they take at most half the free memory. */
	private static ImagePlus held(ImagePlus virtual) {
		ImageStack stack = virtual.getStack();
		long bytes = (long) virtual.getWidth() * virtual.getHeight() * stack.getSize() * (virtual.getBitDepth() == 24 ? 4 :
			virtual.getBitDepth() / 8);
		if (bytes > InputCheck.freeMemory() / 2) throw new VisionJException(String.format(java.util.Locale.ROOT,
			"The image \"%s\" is a virtual stack of %d MB, more than half the %d MB of free memory, which this run would " +
				"hold; give ImageJ more memory (Edit › Options › Memory & Threads) or crop the image (Instance Segment with an " +
				"output folder reads a large TIFF block by block without holding it).", virtual.getTitle(),
			bytes >> 20, InputCheck.freeMemory() >> 20));
		ImageStack planes = new ImageStack(virtual.getWidth(), virtual.getHeight());
		for (int i = 1; i <= stack.getSize(); i++)
			planes.addSlice(stack.getSliceLabel(i), stack.getProcessor(i));
		ImagePlus held = new ImagePlus(virtual.getTitle(), planes);
		held.setDimensions(virtual.getNChannels(), virtual.getNSlices(), virtual.getNFrames());
		held.setOpenAsHyperStack(virtual.isHyperStack());
		held.setCalibration(virtual.getCalibration());
		return held;
	}

	/** An open image of this title, else the image file of this path. */
	private static ImagePlus extraInput(String name) {
		ImagePlus open = ij.WindowManager.getImage(name);
		if (open != null) return open;
		java.nio.file.Path file = java.nio.file.Path.of(name);
		ImagePlus read = java.nio.file.Files.isRegularFile(file) ? IJ.openImage(file.toString()) : null;
		if (read == null) throw new VisionJException("No open image and no image file is named '" + name +
			"' (extra_inputs); give the title of an open image or the path of an image file for each further model input.");
		return read;
	}

	/**
	 * The folder results go to: the one given, checked to be writable before any work; none in
	 * the GUI without one (results are shown instead); headless, a folder is required, since
	 * there is nowhere else to put them.
	 */
	protected OutputFolder outputFolder() {
		if (output != null && !output.getPath().isEmpty()) {
			noteNewFolders(output.toPath());
			return OutputFolder.open(output.toPath(), overwrite);
		}
		if (headless()) throw new VisionJException("Running headless, results can only be written to files; " +
			"give an output folder (output=/path/to/folder in a macro, --output on the command line).");
		return null;
	}

	/** The name result files and windows are given: the image title without its extension. */
	protected String baseName() {
		return OutputFile.baseName(image.getTitle());
	}

	/** The files this command writes for one image, with its current settings. */
	public abstract List<OutputFile> outputs();

	/** Weights whose failed self-check was already reported since Java started: once per model is enough. */
	private static final Set<Path> WARNED = ConcurrentHashMap.newKeySet();

	protected LoadedModel loadModel() {
		if (model == null || model.isBlank()) throw new VisionJException("No model was given; give a bundled model id or a model path.");
		status.showStatus("VisionJ: loading model " + model + "…");
		LoadedModel loaded = models.get(model.trim(), WeightsFormat.byKey(weights));
		SelfCheck.Verdict check = SelfCheck.once(loaded);
		switch (check.status()) {
			case PASSED -> log.debug(check.message());
			case CANNOT_CHECK -> log.info(check.message());
			case MISMATCH -> {
				if (strict_check) throw new VisionJException(check.message());
				if (WARNED.add(loaded.description().weights().file())) warn("VisionJ: " + check.message());
			}
		}
		return loaded;
	}

	/** @param augment average over mirror images of the input (only dense models; see RunOptions) */
	protected ModelRunner runner(LoadedModel loaded, boolean augment) {
		return runner(loaded, augment, 0);
	}

	/** @param blockSize edge of the blocks a large plane is segmented in, 0 = automatic (see RunOptions) */
	protected ModelRunner runner(LoadedModel loaded, boolean augment, int blockSize) {
		return new ModelRunner(loaded, new RunOptions(tile_size, augment, progress(), blockSize));
	}

	/** The decoder the model names, or the one its output suggests. */
	protected static Decoder decoder(ModelDescription description) {
		return Decoders.byKey(decoderKey(description));
	}

	/** The model's decoder as the capability a task needs; refused, naming what it does, when it lacks it. */
	protected static <T extends Decoder> T decoder(ModelDescription description, Class<T> capability, String task) {
		return Decoders.require(decoderKey(description), capability, task);
	}

	private static String decoderKey(ModelDescription description) {
		String key = description.visionj().decoder();
		return key != null ? key : outputChannels(description) == 1 ? "foreground" : "class-argmax";
	}

	/**
	 * Says which settings the user gave that the model's decoder does not read: they change
	 * nothing, and a silent no-op would look like a result that does not depend on them.
	 */
	protected void warnIgnored(Decoder decoder, Set<Setting> read) {
		for (Setting s : overrides().keySet())
			if (!read.contains(s)) warn("VisionJ: model '" + model + "' (decoder '" + decoder.key() + "') does not use the " +
				s.label() + "; that setting has no effect.");
	}

	/** A warning in the log, and in ImageJ's Log window when there is a GUI. */
	protected void warn(String message) {
		log.warn(message);
		if (!headless()) IJ.log(message);
	}

	/** The decoder settings the user changed: this command's {@link Overrides} parameters not at their lowest value. */
	private Map<Setting, Double> overrides() {
		Map<Setting, Double> given = new EnumMap<>(Setting.class);
		for (CommandSetting s : CommandSetting.of(getClass()))
			if (s.overrides() != null && !Double.isNaN(s.override(this))) given.put(s.overrides(), s.override(this));
		return given;
	}

	/** The model's default settings with the user's overrides. */
	protected DecoderSettings settings(ModelDescription description) {
		DecoderSettings s = description.visionj().defaults();
		for (Map.Entry<Setting, Double> given : overrides().entrySet())
			s = s.with(given.getKey(), given.getValue());
		return s.check();
	}

	/** The size of the channel axis of the output the decoder reads (1 without one). */
	protected static int outputChannels(ModelDescription description) {
		return description.decodedOutput().axes().stream().filter(a -> a.kind() == AxisKind.CHANNEL).findFirst()
			.map(a -> a.size() instanceof SizeRule.Fixed f ? (int) f.size() : a.channelNames().size()).orElse(1);
	}

	/** The model's class names; when it names none, "class 1", "class 2", …. */
	protected static List<String> classNames(ModelDescription description, int count) {
		List<String> names = description.visionj().classes();
		if (!names.isEmpty()) return names;
		return java.util.stream.IntStream.rangeClosed(1, count).mapToObj(i -> "class " + i).toList();
	}

	/** ROIs to the folder (when given) or else to the ROI Manager (GUI only). */
	protected void publishRois(OutputFolder folder, List<Roi> rois) {
		if (folder != null) folder.writeRois(baseName(), rois);
		else RoiManagerPublisher.add(image, rois, false);
	}

	/**
	 * The table becomes ImageJ's system Results table, which macros read with nResults and
	 * getResult (a SciJava table output would be invisible to them); it is also written to the
	 * folder when one is given.
	 */
	protected void publishTable(OutputFolder folder, ResultsTable table) {
		// Written first: becoming the system table resets the columns' decimal places to ImageJ's setting.
		if (folder != null) folder.writeResults(baseName(), table);
		Analyzer.setResultsTable(table);
		table.show("Results"); // ImageJ shows nothing when headless
	}
}
