package io.github.visionj.pipeline;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import ij.IJ;
import ij.ImagePlus;
import ij.process.ImageProcessor;
import io.github.visionj.decode.ClassificationDecoder;
import io.github.visionj.decode.Decoder;
import io.github.visionj.decode.Decoders;
import io.github.visionj.decode.InstanceDecoder;
import io.github.visionj.decode.SemanticDecoder;
import io.github.visionj.engine.LoadedModel;
import io.github.visionj.engine.TestModelCache;
import io.github.visionj.image.AxisImage;
import io.github.visionj.model.ModelDescription;
import io.github.visionj.output.ImagePlusBridge;

/**
 * One 512 x 512 image through each bundled model with its own task and decoder, as the commands
 * run it (normalisation, network, decoding; no ImageJ outputs). The image is the bundled
 * fluorescence sample tiled 2 x 2, so the models see real nuclei.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgs = { "-Xmx4g", "-Djava.awt.headless=true", "-Dai.djl.offline=true" })
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
public class ModelBenchmark {

	@Param({ "nuclei", "nuclei-semantic", "nuclei-detect", "image-modality", "nuclei-broad" })
	public String model;

	/** Whether dense models average over mirror images ({@code -p augment=false,true} measures both). */
	@Param({ "false" })
	public boolean augment;

	private ModelRunner runner;
	private Decoder decoder;
	private AxisImage<?> image;

	@Setup(Level.Trial)
	public void setUp() {
		LoadedModel loaded = TestModelCache.get(model);
		runner = new ModelRunner(loaded, new RunOptions(0, augment, Progress.NONE));
		ModelDescription d = loaded.description();
		decoder = Decoders.byKey(d.visionj().decoder() != null ? d.visionj().decoder() : "foreground");
		ImagePlus sample = IJ.openImage(Path.of("src/test/resources/dsb2018/nuclei.png").toString());
		ImageProcessor big = sample.getProcessor().createProcessor(512, 512);
		for (int y = 0; y < 512; y += 256)
			for (int x = 0; x < 512; x += 256)
				big.insert(sample.getProcessor(), x, y);
		image = ImagePlusBridge.wrap(new ImagePlus("512", big));
	}

	@Benchmark
	public Object run() {
		ModelDescription d = runner.description();
		String task = d.visionj().task() != null ? d.visionj().task() : "semantic";
		return switch (task) {
			case "instance" -> Segmentation.instances(runner, image, (InstanceDecoder) decoder, d.visionj().defaults(), false, 0.5);
			case "detect" -> ObjectDetection.detect(runner, image, decoder, d.visionj().defaults());
			case "classify" -> Classification.classify(runner, image, new Plane(0, 0), new long[] { 0, 0, 512, 512 },
				(ClassificationDecoder) decoder, d.visionj().defaults());
			default -> Segmentation.semantic(runner, image, (SemanticDecoder) decoder, d.visionj().defaults());
		};
	}
}
