package io.github.visionj.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.visionj.VisionJException;

/** Every way a model can be unusable gives one clear sentence. */
class DescriptionErrorsTest {

	static final String MINIMAL = """
		format_version: 0.5.4
		type: model
		name: minimal
		inputs:
		  - id: raw
		    axes:
		      - type: batch
		      - {type: channel, channel_names: [raw]}
		      - {type: space, id: y, size: 64}
		      - {type: space, id: x, size: 64}
		    test_tensor: {source: in.npy}
		    preprocessing:
		      - id: zero_mean_unit_variance
		        kwargs: {axes: [x, y]}
		outputs:
		  - id: out
		    axes:
		      - type: batch
		      - {type: channel, channel_names: [p]}
		      - {type: space, id: y, size: {tensor_id: raw, axis_id: y}}
		      - {type: space, id: x, size: {tensor_id: raw, axis_id: x}}
		    test_tensor: {source: out.npy}
		weights:
		  torchscript:
		    source: weights.pt
		""";

	@TempDir
	Path dir;

	private String error(String yaml) throws IOException {
		Files.writeString(dir.resolve("weights.pt"), "abc");
		Files.writeString(dir.resolve("rdf.yaml"), yaml);
		return assertThrows(VisionJException.class, () -> ModelDescription.load(dir)).getMessage();
	}

	private String file() {
		return dir.resolve("rdf.yaml").toString();
	}

	@Test
	void theMinimalDescriptionLoads() throws IOException {
		Files.writeString(dir.resolve("weights.pt"), "abc");
		Files.writeString(dir.resolve("rdf.yaml"), MINIMAL);
		assertEquals("minimal", ModelDescription.load(dir).name());
	}

	@Test
	void aFolderWithoutDescription() {
		assertEquals("The folder " + dir + " has no model description (bioimageio.yaml, rdf.yaml or *.bioimageio.yaml); " +
			"give the folder of a bioimage.io model.", assertThrows(VisionJException.class, () -> ModelDescription.load(dir))
				.getMessage());
	}

	@Test
	void aMissingPath() {
		assertEquals("No model at " + dir.resolve("nothing") + ": give the path of a bioimage.io model folder, .zip or " +
			"description .yaml.", assertThrows(VisionJException.class, () -> ModelDescription.load(dir.resolve("nothing")))
				.getMessage());
	}

	@Test
	void twoNamedDescriptionsAreAmbiguous() throws IOException {
		Files.writeString(dir.resolve("a.bioimageio.yaml"), MINIMAL);
		Files.writeString(dir.resolve("b.bioimageio.yaml"), MINIMAL);
		assertEquals("The folder " + dir + " holds several model descriptions [a.bioimageio.yaml, b.bioimageio.yaml]; " +
			"give the path of the one to use.", assertThrows(VisionJException.class, () -> ModelDescription.load(dir))
				.getMessage());
	}

	@Test
	void malformedYamlNamesFileAndLine() throws IOException {
		String message = error(MINIMAL.replace("name: minimal", "name: [minimal"));
		assertEquals("The model description " + file() + " is not valid YAML at line 4", message.substring(0, message.indexOf(" (")));
	}

	@Test
	void aDescriptionThatIsNotAMapping() throws IOException {
		assertEquals("The model description " + file() + " is not a YAML mapping of keys to values; give a bioimage.io " +
			"rdf.yaml or bioimageio.yaml.", error("- just\n- a list\n"));
	}

	@Test
	void aMissingWeightsFile() throws IOException {
		assertEquals("The weights file " + dir.resolve("other.pt") + " named in " + file() + " is missing; put it next " +
			"to the description or fix weights: torchscript: source.", error(MINIMAL.replace("weights.pt", "other.pt")));
	}

	@Test
	void aWeightsChecksumMismatch() throws IOException {
		String sha = "0".repeat(64);
		assertEquals("The weights file " + dir.resolve("weights.pt") + " does not match the sha256 given in " + file() +
			" (expected " + sha + ", found ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad); the file " +
			"is damaged or was replaced: download the model again.",
			error(MINIMAL.replace("source: weights.pt", "source: weights.pt\n    sha256: '" + sha + "'")));
		assertEquals("In the model description " + file() + ", weights.torchscript.sha256 must be 64 hexadecimal digits in " +
			"quotes, not '0'; fix the description.", error(MINIMAL.replace("source: weights.pt", "source: weights.pt\n    sha256: " + sha)));
	}

	@Test
	void onlyOtherWeightFormats() throws IOException {
		assertEquals("The model " + file() + " offers only keras_hdf5, pytorch_state_dict weights but VisionJ needs " +
			"torchscript or onnx weights; convert the model with bioimageio.core or ask its authors for a TorchScript " +
			"or ONNX export.", error(MINIMAL.replace("  torchscript:\n    source: weights.pt\n",
				"  keras_hdf5: {source: w.h5}\n  pytorch_state_dict: {source: w.pth}\n")));
	}

	@Test
	void onnxWeightsAreChosenWhenThereIsNoTorchScriptAndOnRequest() throws IOException {
		Files.writeString(dir.resolve("w.onnx"), "abc");
		Files.writeString(dir.resolve("weights.pt"), "abc");
		Files.writeString(dir.resolve("rdf.yaml"), MINIMAL.replace("  torchscript:\n    source: weights.pt\n",
			"  onnx: {source: w.onnx}\n  keras_hdf5: {source: w.h5}\n"));
		assertEquals(WeightsFormat.ONNX, ModelDescription.load(dir).weights().format());
		assertEquals("The model " + file() + " has no torchscript weights; choose the weights it offers (onnx) or auto.",
			assertThrows(VisionJException.class, () -> ModelDescription.load(dir, WeightsFormat.TORCHSCRIPT)).getMessage());
		Files.writeString(dir.resolve("rdf.yaml"), MINIMAL + "  onnx: {source: w.onnx}\n");
		assertEquals(WeightsFormat.TORCHSCRIPT, ModelDescription.load(dir).weights().format());
		assertEquals(dir.resolve("w.onnx"), ModelDescription.load(dir, WeightsFormat.ONNX).weights().file());
	}

	@Test
	void anUnknownWeightsFormatName() {
		assertEquals("Unknown weights format 'tensorflow'; choose auto, torchscript or onnx.",
			assertThrows(VisionJException.class, () -> WeightsFormat.byKey("tensorflow")).getMessage());
		assertNull(WeightsFormat.byKey("auto"));
		assertEquals(WeightsFormat.ONNX, WeightsFormat.byKey("ONNX"));
	}

	@Test
	void theTestToleranceComesFromTheDescription() throws IOException {
		Files.writeString(dir.resolve("weights.pt"), "abc");
		Files.writeString(dir.resolve("rdf.yaml"), MINIMAL + """
			config:
			  bioimageio:
			    reproducibility_tolerance:
			      - {weights_formats: [onnx], absolute_tolerance: 0.01}
			      - {output_ids: [out], relative_tolerance: 0.1, mismatched_elements_per_million: 5}
			""");
		assertEquals(new Tolerance(0.1, 1e-4, 5), ModelDescription.load(dir).tolerance("out"));
		Files.writeString(dir.resolve("rdf.yaml"), MINIMAL + """
			config:
			  bioimageio:
			    test_kwargs:
			      torchscript: {decimal: 2}
			""");
		Tolerance t = Tolerance.of(YamlMap.read(dir.resolve("rdf.yaml")), true, WeightsFormat.TORCHSCRIPT, "out");
		assertEquals(new Tolerance(0, 0.015, 0), t);
		assertTrue(t.matches(1f, 1.0149f));
		assertFalse(t.matches(1f, 1.0151f));
	}

	@Test
	void noWeightsAtAll() throws IOException {
		assertEquals("The model description " + file() + " names no weights; VisionJ needs TorchScript or ONNX weights " +
			"(weights: torchscript: source: …).", error(MINIMAL.replace("weights:\n  torchscript:\n    source: weights.pt\n", "")));
	}

	@Test
	void remoteWeights() throws IOException {
		assertEquals("The TorchScript weights of " + file() + " are at https://example.com/w.pt but VisionJ reads only " +
			"local files; download that file next to the description and set weights: torchscript: source to its file name.",
			error(MINIMAL.replace("source: weights.pt", "source: https://example.com/w.pt")));
	}

	@Test
	void anUnsupportedFormatVersion() throws IOException {
		assertEquals("The description " + file() + " has format_version 0.3.6 but VisionJ reads formats 0.4.x and 0.5.x; " +
			"update the model with bioimageio.core.", error(MINIMAL.replace("0.5.4", "0.3.6")));
	}

	@Test
	void aDescriptionOfSomethingElse() throws IOException {
		assertEquals("The description " + file() + " describes a dataset, not a model; give the description of a " +
			"bioimage.io model.", error(MINIMAL.replace("type: model", "type: dataset")));
	}

	@Test
	void noInputs() throws IOException {
		String noInputs = MINIMAL.substring(0, MINIMAL.indexOf("inputs:")) + MINIMAL.substring(MINIMAL.indexOf("outputs:"));
		assertEquals("In the model description " + file() + ", there are no inputs; fix the description.", error(noInputs));
	}

	@Test
	void noOutputs() throws IOException {
		String noOutputs = MINIMAL.substring(0, MINIMAL.indexOf("outputs:")) + MINIMAL.substring(MINIMAL.indexOf("weights:"));
		assertEquals("In the model description " + file() + ", there are no outputs; fix the description.", error(noOutputs));
	}

	@Test
	void anUnknownProcessingOp() throws IOException {
		assertEquals("The model description " + file() + " uses the processing step 'normalize_magic' " +
			"(inputs[0].preprocessing[0]), which VisionJ cannot run; it runs binarize, clip, ensure_dtype, " +
			"fixed_zero_mean_unit_variance, scale_linear, scale_mean_variance, scale_range, sigmoid, softmax, " +
			"zero_mean_unit_variance.", error(MINIMAL.replace("id: zero_mean_unit_variance", "id: normalize_magic")));
	}

	@Test
	void perDatasetNormalisation() throws IOException {
		String v04 = """
			format_version: 0.4.10
			name: v04
			inputs:
			  - name: raw
			    axes: bcyx
			    shape: [1, 1, 64, 64]
			    preprocessing:
			      - name: scale_range
			        kwargs: {mode: per_dataset, axes: yx, max_percentile: 99}
			outputs:
			  - name: out
			    axes: bcyx
			    shape: [1, 1, 64, 64]
			weights:
			  torchscript: {source: weights.pt}
			""";
		assertEquals("The model description " + file() + " normalises inputs[0].preprocessing[0].kwargs with mode " +
			"per_dataset, statistics of a training dataset that VisionJ does not have; use a model whose normalisation " +
			"is per_sample or fixed.", error(v04));
	}

	@Test
	void aStepNamingAnAxisTheTensorLacks() throws IOException {
		assertEquals("In the model description " + file() + ", the axis 'z' is not an axis of the tensor (batch, channel, " +
			"y, x); fix the description.", error(MINIMAL.replace("axes: [x, y]", "axes: [x, z]")));
	}

	@Test
	void aWrongValueType() throws IOException {
		assertEquals("In the model description " + file() + ", inputs[0].preprocessing[0].kwargs.eps must be a number, " +
			"not 'small'; fix the description.", error(MINIMAL.replace("axes: [x, y]}", "axes: [x, y], eps: small}")));
	}

	@Test
	void aThresholdOutOfRange() throws IOException {
		String message = error(MINIMAL + "config:\n  visionj:\n    thresholds: {probability: 1.5}\n");
		assertEquals("In the model description " + file() + ", a threshold is out of range (The probability threshold " +
			"must be between 0 and 1 (exclusive), not 1.5.); fix the description.", message);
	}
}
