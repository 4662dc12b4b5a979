package io.github.visionj.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.visionj.decode.DecoderSettings;
import io.github.visionj.model.SizeRule.Any;
import io.github.visionj.model.SizeRule.Fixed;
import io.github.visionj.model.SizeRule.Parameterized;
import io.github.visionj.model.SizeRule.Reference;

class ModelDescriptionTest {

	@TempDir
	static Path cache;

	@BeforeAll
	static void isolateCache() {
		System.setProperty("visionj.cache", cache.toString());
	}

	static Path fixture(String name) {
		try {
			return Path.of(ModelDescriptionTest.class.getResource(name).toURI());
		}
		catch (URISyntaxException e) {
			throw new IllegalStateException(e);
		}
	}

	private static List<String> ids(TensorDescription t) {
		return t.axes().stream().map(AxisDescription::id).toList();
	}

	private static List<Object> sizes(TensorDescription t) {
		return t.axes().stream().map(a -> (Object) a.size()).toList();
	}

	private static List<String> steps(TensorDescription t) {
		return t.processing().stream().map(ProcessingStep::id).toList();
	}

	@Test
	void readsNucleiBroadV05() {
		Path folder = BundledModels.resolve("nuclei-broad");
		ModelDescription d = ModelDescription.load(folder);
		assertEquals("UNet 2D Nuclei Broad", d.name());
		assertEquals("0.5.4", d.formatVersion());
		assertEquals(folder.toAbsolutePath().resolve("bioimageio.yaml"), d.file());
		TensorDescription in = d.inputs().get(0), out = d.outputs().get(0);
		assertEquals("raw", in.id());
		assertEquals(List.of("b", "c", "y", "x"), ids(in));
		assertEquals(List.of(AxisKind.BATCH, AxisKind.CHANNEL, AxisKind.SPACE, AxisKind.SPACE),
			in.axes().stream().map(AxisDescription::kind).toList());
		assertEquals(List.of(new Fixed(1), new Fixed(1), new Fixed(512), new Fixed(512)), sizes(in));
		assertEquals(List.of("raw_intensity"), in.axes().get(1).channelNames());
		assertEquals(List.of("ensure_dtype", "zero_mean_unit_variance", "ensure_dtype"), steps(in));
		assertEquals(new StatisticSteps.ZeroMeanUnitVariance(List.of("x", "y"), 1e-6), in.processing().get(1));
		assertEquals("probability", out.id());
		assertEquals(List.of("b", "c", "y", "x"), ids(out));
		assertEquals(List.of(new Any(), new Fixed(1), new Reference("raw", "y", 1, 0), new Reference("raw", "x", 1, 0)),
			sizes(out));
		assertEquals(List.of(0, 0, 32, 32), out.axes().stream().map(AxisDescription::halo).toList());
		assertEquals(List.of("sigmoid", "ensure_dtype"), steps(out));
		assertEquals(2, out.indexOf("y"));
		assertEquals(-1, out.indexOf("z"));
		assertEquals(List.of(folder.toAbsolutePath().resolve("test_input.npy")), d.testInputs());
		assertEquals(List.of(folder.toAbsolutePath().resolve("test_output.npy")), d.testOutputs());
		assertEquals(new WeightsFile(WeightsFormat.TORCHSCRIPT, folder.toAbsolutePath().resolve("weights.pt"),
			"a4b0659a1b48454588b12179855ad0a0c9b69ccaa89b8bb06e6271e8f60b02fe"), d.weights());
		assertEquals(List.of(WeightsFormat.TORCHSCRIPT, WeightsFormat.ONNX), d.weightsFormats());
		assertEquals(new Tolerance(1e-3, 1e-4, 100), d.tolerance("probability"));
		assertEquals(folder.toAbsolutePath().resolve("weights.onnx"), ModelDescription.load(folder, WeightsFormat.ONNX)
			.weights().file());
		assertEquals(new VisionjConfig("semantic", "foreground", List.of("nucleus"), "nucleus", false,
			DecoderSettings.DEFAULTS.withProbability(0.5), null), d.visionj());
	}

	@Test
	void readsNucleiBroadV04() {
		Path folder = BundledModels.resolve("nuclei-broad");
		ModelDescription d = ModelDescription.load(folder.resolve("v0_4_9.bioimageio.yaml"));
		assertEquals("0.4.9", d.formatVersion());
		TensorDescription in = d.inputs().get(0), out = d.outputs().get(0);
		assertEquals("raw", in.id());
		assertEquals(List.of("b", "c", "y", "x"), ids(in));
		assertEquals(List.of(new Any(), new Fixed(1), new Fixed(512), new Fixed(512)), sizes(in));
		assertEquals(List.of(new StatisticSteps.ZeroMeanUnitVariance(List.of("y", "x"), 1e-6)), in.processing());
		// v0.4 output shape: input × scale + 2 × offset; the channel axis has scale 0 and offset 0.5
		assertEquals(List.of(new Any(), new Fixed(1), new Reference("raw", "y", 1, 0), new Reference("raw", "x", 1, 0)),
			sizes(out));
		assertEquals(List.of(0, 0, 32, 32), out.axes().stream().map(AxisDescription::halo).toList());
		assertEquals(List.of("sigmoid"), steps(out));
		assertEquals(List.of(folder.toAbsolutePath().resolve("test_input.npy")), d.testInputs());
		assertSame(VisionjConfig.NONE, d.visionj());
	}

	@Test
	void readsV05SizesAxesAndConfig() {
		ModelDescription d = ModelDescription.load(fixture("v05-parameterized"));
		TensorDescription in = d.inputs().get(0), out = d.outputs().get(0);
		assertEquals(List.of("b", "c", "y", "x"), ids(in));
		assertEquals(List.of(new Any(), new Fixed(3), new Parameterized(64, 16), new Parameterized(64, 16)), sizes(in));
		assertEquals(List.of("r", "g", "b"), in.axes().get(1).channelNames());
		// the channel axis has the id "rgb" in the description: steps use the normalised id
		ValueSteps.FixedZeroMeanUnitVariance fixed = (ValueSteps.FixedZeroMeanUnitVariance) in.processing().get(1);
		assertEquals("c", fixed.mean().axis());
		assertArrayEquals(new double[] { 1, 2, 3 }, fixed.mean().values());
		assertArrayEquals(new double[] { 4, 5, 6 }, fixed.std().values());
		assertEquals(new StatisticSteps.ScaleRange(List.of("x", "y"), 1, 99.8, 1e-6, null), in.processing().get(0));
		assertEquals(List.of("b", "c", "y", "x", "t", "i"), ids(out));
		assertEquals(List.of(AxisKind.BATCH, AxisKind.CHANNEL, AxisKind.SPACE, AxisKind.SPACE, AxisKind.TIME, AxisKind.INDEX),
			out.axes().stream().map(AxisDescription::kind).toList());
		// y: input scale 0.5 / output scale 0.25 = 2, offset -2
		assertEquals(List.of(new Any(), new Fixed(2), new Reference("image", "y", 2, -2), new Reference("image", "x", 1, 0),
			new Fixed(3), new Fixed(7)), sizes(out));
		assertEquals(190, ((Reference) out.axes().get(2).size()).sizeFor(96));
		assertEquals(8, out.axes().get(2).halo());
		assertEquals(List.of("softmax", "binarize"), steps(out));
		assertEquals(new VisionjConfig("instance", "my-own-decoder", List.of("background", "nucleus"), "object", true,
			new DecoderSettings(0.4, 0.5, 0.3, 100, 4, true), null), d.visionj());
		assertTrue(new Parameterized(64, 16).accepts(96));
		assertTrue(!new Parameterized(64, 16).accepts(100));
	}

	@Test
	void readsV04ParameterizedAndImplicitShapes() {
		ModelDescription d = ModelDescription.load(fixture("v04-parameterized"));
		assertEquals("Fixture 0.4", d.name());
		TensorDescription in = d.inputs().get(0), out = d.outputs().get(0);
		assertEquals(List.of("b", "c", "z", "y", "x"), ids(in));
		assertEquals(List.of(new Any(), new Fixed(2), new Parameterized(8, 4), new Parameterized(64, 16),
			new Parameterized(64, 16)), sizes(in));
		assertEquals(List.of("fixed_zero_mean_unit_variance", "scale_range", "scale_linear"), steps(in));
		assertEquals(List.of(new Any(), new Fixed(3), new Reference("input0", "z", 0.5, 0), new Reference("input0", "y", 1, 8),
			new Reference("input0", "x", 1, 0)), sizes(out));
		assertEquals(List.of(0, 0, 2, 16, 16), out.axes().stream().map(AxisDescription::halo).toList());
		assertEquals(List.of("scale_mean_variance", "clip"), steps(out));
		assertEquals(List.of(d.folder().resolve("in.npy")), d.testInputs());
		assertEquals(List.of(d.folder().resolve("out.npy")), d.testOutputs());
	}

	@Test
	void prefersBioimageioYamlThenRdfYamlThenOneNamedDescription(@TempDir Path dir) throws IOException {
		Path source = fixture("v05-parameterized");
		Files.copy(source.resolve("weights.pt"), dir.resolve("weights.pt"));
		String yaml = Files.readString(source.resolve("bioimageio.yaml"));
		Files.writeString(dir.resolve("other.bioimageio.yaml"), yaml.replace("Fixture 0.5", "named"));
		assertEquals("named", ModelDescription.load(dir).name());
		Files.writeString(dir.resolve("rdf.yaml"), yaml.replace("Fixture 0.5", "rdf"));
		assertEquals("rdf", ModelDescription.load(dir).name());
		Files.writeString(dir.resolve("bioimageio.yaml"), yaml.replace("Fixture 0.5", "main"));
		assertEquals("main", ModelDescription.load(dir).name());
		assertEquals("named", ModelDescription.load(dir.resolve("other.bioimageio.yaml")).name());
	}

	@Test
	void loadsAZipOnceIntoTheCache(@TempDir Path dir) throws IOException {
		Path zip = dir.resolve("fixture.zip");
		Path source = fixture("v05-parameterized");
		try (OutputStream file = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(file);
			Stream<Path> files = Files.list(source))
		{
			for (Path f : files.sorted().toList()) {
				out.putNextEntry(new ZipEntry("fixture/" + f.getFileName()));
				Files.copy(f, out);
			}
		}
		ModelDescription first = ModelDescription.load(zip);
		assertEquals("Fixture 0.5", first.name());
		assertTrue(first.folder().startsWith(cache.resolve("zips")), first.folder().toString());
		assertEquals(first.folder().resolve("weights.pt"), first.weights().file());
		Files.writeString(first.folder().resolve("marker"), "the same folder is reused");
		assertEquals(first.folder(), ModelDescription.load(zip).folder());
		assertTrue(Files.exists(first.folder().resolve("marker")));
	}

	@Test
	void verifiesTheSha256OncePerFileVersion(@TempDir Path dir) throws IOException {
		Files.writeString(dir.resolve("weights.pt"), "abc");
		Files.writeString(dir.resolve("rdf.yaml"), DescriptionErrorsTest.MINIMAL.replace("source: weights.pt",
			"source: weights.pt\n    sha256: BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD"));
		int before = Weights.HASHES.get();
		ModelDescription.load(dir);
		ModelDescription.load(dir);
		assertEquals(before + 1, Weights.HASHES.get());
		Files.setLastModifiedTime(dir.resolve("weights.pt"),
			java.nio.file.attribute.FileTime.fromMillis(Files.getLastModifiedTime(dir.resolve("weights.pt")).toMillis() - 5000));
		ModelDescription.load(dir);
		assertEquals(before + 2, Weights.HASHES.get());
	}

	@Test
	void aDescriptionWithoutTestTensorsHasNullTestPaths(@TempDir Path dir) throws IOException {
		Files.writeString(dir.resolve("weights.pt"), "abc");
		Files.writeString(dir.resolve("rdf.yaml"), DescriptionErrorsTest.MINIMAL.replace("    test_tensor: {source: in.npy}\n", ""));
		ModelDescription d = ModelDescription.load(dir);
		assertNull(d.testInputs().get(0));
		assertEquals(dir.resolve("out.npy"), d.testOutputs().get(0));
	}
}
