package io.github.visionj.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import io.github.visionj.VisionJException;
import io.github.visionj.decode.DecoderSettings;
import io.github.visionj.decode.DecoderSettings.Setting;

/**
 * A bioimage.io model description (format 0.4.x or 0.5.x) with TorchScript or ONNX weights, read from a
 * model folder, a zipped model folder or a description file.
 */
public final class ModelDescription {

	private final String name;
	private final String formatVersion;
	private final Path file;
	private final List<TensorDescription> inputs;
	private final List<TensorDescription> outputs;
	private final WeightsFile weights;
	private final List<WeightsFormat> weightsFormats;
	private final Map<String, Tolerance> tolerances;
	private final VisionjConfig visionj;

	private ModelDescription(String name, String formatVersion, Path file, List<TensorDescription> inputs,
		List<TensorDescription> outputs, WeightsFile weights, List<WeightsFormat> weightsFormats,
		Map<String, Tolerance> tolerances, VisionjConfig visionj)
	{
		this.name = name;
		this.formatVersion = formatVersion;
		this.file = file;
		this.inputs = List.copyOf(inputs);
		this.outputs = List.copyOf(outputs);
		this.weights = weights;
		this.weightsFormats = List.copyOf(weightsFormats);
		this.tolerances = Map.copyOf(tolerances);
		this.visionj = visionj;
	}

	/** Reads a model with its preferred weights (TorchScript, else ONNX); see {@link #load(Path, WeightsFormat)}. */
	public static ModelDescription load(Path path) {
		return load(path, null);
	}

	/**
	 * Reads a model.
	 *
	 * @param path a model folder, a .zip of one (unpacked once into the cache), or a description .yaml
	 * @param format the weights to run, or null for the description's preferred ones
	 * @throws VisionJException naming the problem when the model cannot be used
	 */
	public static ModelDescription load(Path path, WeightsFormat format) {
		Path file = DescriptionFile.find(path.toAbsolutePath().normalize());
		YamlMap root = YamlMap.read(file);
		String type = root.string("type");
		if (type != null && !type.equals("model")) throw new VisionJException("The description " + file +
			" describes a " + type + ", not a model; give the description of a bioimage.io model.");
		String version = root.has("format_version") ? root.string("format_version") : "(none)";
		boolean v04 = version.startsWith("0.4.");
		if (!v04 && !version.startsWith("0.5.")) throw new VisionJException("The description " + file +
			" has format_version " + version + " but VisionJ reads formats 0.4.x and 0.5.x; update the model with bioimageio.core.");
		Path folder = file.getParent();
		TensorReader tensors = new TensorReader(root, v04, folder);
		List<TensorDescription> inputs = tensors.read("inputs");
		List<TensorDescription> outputs = TensorReader.resolveFixedReferences(tensors.read("outputs"), inputs);
		VisionjConfig visionj = visionj(root);
		if (visionj.output() != null && outputs.stream().noneMatch(o -> o.id().equals(visionj.output())))
			throw root.error("config.visionj.output names the output '" + visionj.output() + "', which is not one of " +
				outputs.stream().map(TensorDescription::id).toList());
		WeightsFile weights = Weights.choose(root, folder, format);
		Map<String, Tolerance> tolerances = outputs.stream().collect(Collectors.toMap(TensorDescription::id,
			o -> Tolerance.of(root, v04, weights.format(), o.id()), (a, b) -> a));
		return new ModelDescription(Objects.requireNonNullElse(root.string("name"), folder.getFileName().toString()),
			version, file, inputs, outputs, weights, Weights.formats(root), tolerances, visionj);
	}

	public String name() {
		return name;
	}

	public String formatVersion() {
		return formatVersion;
	}

	/** The folder of the description, against which its relative paths are resolved. */
	public Path folder() {
		return file.getParent();
	}

	/** The description file that was read. */
	public Path file() {
		return file;
	}

	public List<TensorDescription> inputs() {
		return inputs;
	}

	public List<TensorDescription> outputs() {
		return outputs;
	}

	/** The output the decoder reads: the one {@code config.visionj.output} names, else the first. */
	public TensorDescription decodedOutput() {
		return visionj.output() == null ? outputs.get(0)
			: outputs.stream().filter(o -> o.id().equals(visionj.output())).findFirst().orElseThrow();
	}

	/** The weights chosen when loading, checked against their sha256 when the description gives one. */
	public WeightsFile weights() {
		return weights;
	}

	/** The weights formats the description offers that VisionJ runs, the preferred one first. */
	public List<WeightsFormat> weightsFormats() {
		return weightsFormats;
	}

	/** How closely the chosen weights must reproduce the test tensor of the output with this id. */
	public Tolerance tolerance(String outputId) {
		return tolerances.get(outputId);
	}

	/** The {@code config: visionj:} section, or {@link VisionjConfig#NONE}. */
	public VisionjConfig visionj() {
		return visionj;
	}

	/** The test input {@code .npy} files, one per input (null where the description names none). */
	public List<Path> testInputs() {
		return inputs.stream().map(TensorDescription::testTensor).toList();
	}

	/** The test output {@code .npy} files, one per output (null where the description names none). */
	public List<Path> testOutputs() {
		return outputs.stream().map(TensorDescription::testTensor).toList();
	}

	@Override
	public String toString() {
		return name + " (" + file + ")";
	}

	private static VisionjConfig visionj(YamlMap root) {
		YamlMap config = root.map("config");
		YamlMap v = config == null ? null : config.map("visionj");
		if (v == null) return VisionjConfig.NONE;
		List<String> classes = v.list("classes").stream().map(String::valueOf).toList();
		String objectName = v.has("object_name") ? v.string("object_name") : classes.size() == 1 ? classes.get(0)
			: VisionjConfig.NONE.objectName();
		return new VisionjConfig(v.string("task"), v.string("decoder"), classes, objectName, v.bool("gray_to_rgb", false),
			thresholds(v.map("thresholds")), v.string("output"));
	}

	/** The thresholds the description gives, each setting under its declared key; the built-in defaults for the rest. */
	private static DecoderSettings thresholds(YamlMap t) {
		DecoderSettings s = DecoderSettings.DEFAULTS;
		if (t == null) return s;
		for (Setting setting : Setting.values())
			if (t.has(setting.key())) s = s.with(setting, setting.isSwitch() ? t.bool(setting.key(), false) ? 1 : 0
				: t.number(setting.key(), setting.builtIn()));
		try {
			return s.check();
		}
		catch (VisionJException e) {
			throw t.error("a threshold is out of range (" + e.getMessage() + ")");
		}
	}
}
