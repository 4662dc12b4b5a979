package io.github.visionj.command;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;
import io.github.visionj.VisionJException;
import io.github.visionj.decode.ClassMap;
import io.github.visionj.decode.DecoderSettings;
import io.github.visionj.decode.DecoderSettings.Setting;
import io.github.visionj.decode.SemanticDecoder;
import io.github.visionj.engine.LoadedModel;
import io.github.visionj.image.RegionSource;
import io.github.visionj.model.ModelDescription;
import io.github.visionj.output.ClassFiles;
import io.github.visionj.output.ClassResults;
import io.github.visionj.output.OutputFile;
import io.github.visionj.output.OutputFolder;
import io.github.visionj.output.ResultTables;
import io.github.visionj.pipeline.ModelRunner;
import io.github.visionj.pipeline.PlaneResult;
import io.github.visionj.pipeline.Segmentation;

/**
 * Plugins › VisionJ › Semantic Segment: the class of every pixel as a label image (0 =
 * background), optional probability maps, one ROI per class and plane, and the area of each class.
 */
@Plugin(type = Command.class, menuPath = "Plugins>VisionJ>Semantic Segment", headless = true,
	description = "Classify every pixel: a class image, optional probability maps, one ROI per class and class areas.")
public class SemanticSegmentCommand extends ModelCommand {

	@Overrides(Setting.PROBABILITY)
	@Parameter(label = "Threshold (one-channel models; 0 = model default)", min = "0", max = "0.99", stepSize = "0.05",
		persist = false, description = "Foreground probability threshold; models with several output channels do not use it.")
	private double threshold = 0;

	@Parameter(label = "Also output probability maps", persist = false,
		description = "Also output the model's (postprocessed) output as <name>_probabilities.")
	private boolean probabilities = false;

	@Parameter(label = "Average over mirror images (4x slower)", persist = false,
		description = "Predict on the image and on its mirror images along x, y and both, and average: often more accurate.")
	private boolean augment = false;

	@Parameter(label = "Also write every model output", persist = false,
		description = "Also output every map the model computes, one 32-bit image <name>_output-<output id>.tif per output, at its own scale.")
	private boolean raw_maps = false;

	@Parameter(label = "Block size (0 = automatic)", min = "0", persist = false,
		description = "Edge in pixels of the blocks a large plane is segmented in one at a time; 0 sizes them to the free memory.")
	private int block_size = 0;

	@Parameter(type = ItemIO.OUTPUT, label = "Classes")
	private ImagePlus classes;

	@Parameter(type = ItemIO.OUTPUT, label = "Probabilities", required = false)
	private ImagePlus probability_maps;

	public SemanticSegmentCommand() {
		super("nuclei-semantic");
	}

	@Override
	public List<OutputFile> outputs() {
		return probabilities ? List.of(OutputFile.CLASSES, OutputFile.ROIS, OutputFile.RESULTS, OutputFile.PROBABILITIES)
			: List.of(OutputFile.CLASSES, OutputFile.ROIS, OutputFile.RESULTS);
	}

	@Override
	protected void execute() {
		withInputSource(this::execute);
	}

	private void execute(RegionSource source) {
		OutputFolder folder = outputFolder();
		String name = baseName();
		if (folder != null) folder.checkAvailable(name, outputs());
		LoadedModel loaded = loadModel();
		ModelDescription description = loaded.description();
		ModelOutputs outputs = ModelOutputs.of(raw_maps, description, folder, name);
		SemanticDecoder decoder = decoder(description, SemanticDecoder.class, "semantic segmentation");
		DecoderSettings settings = settings(description);
		// Of the decoder's settings, a class image depends at most on the probability threshold.
		Set<Setting> read = EnumSet.copyOf(decoder.settingsRead());
		read.retainAll(EnumSet.of(Setting.PROBABILITY));
		warnIgnored(decoder, read);
		ModelRunner runner = runner(loaded, augment, block_size);
		List<String> classNames = description.visionj().classes();
		if (folder != null && outputs == null && !probabilities && Segmentation.inBlocks(runner, source)) {
			// a plane in blocks: the class image, ROIs and areas go to their files as the rows are final
			ClassFiles files = new ClassFiles(folder, name, image, source, classNames);
			files.commitAfter(() -> Segmentation.semantic(runner, source, decoder, settings, files));
			return;
		}
		List<PlaneResult<ClassMap>> planes = Segmentation.semantic(runner, inputImage(source), decoder, settings,
			ModelOutputs.orNone(outputs));
		ClassResults results = ClassResults.of(image, planes, classNames, probabilities);
		if (probabilities && results.probabilities() == null) throw new VisionJException("Decoder '" +
			decoder.key() + "' gives no probability maps for this image (a plane segmented in blocks keeps none); " +
			"run again without 'probabilities'.");
		classes = results.classes();
		probability_maps = results.probabilities();
		if (folder != null) results.write(folder, name);
		if (outputs != null) outputs.publish(folder, name, image, !headless());
		publishRois(folder, results.rois());
		publishTable(folder, ResultTables.classAreas(results.rows()));
	}
}
