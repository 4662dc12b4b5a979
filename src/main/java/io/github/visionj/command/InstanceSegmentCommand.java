package io.github.visionj.command;

import java.util.List;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;
import io.github.visionj.decode.DecoderSettings;
import io.github.visionj.decode.DecoderSettings.Setting;
import io.github.visionj.decode.InstanceDecoder;
import io.github.visionj.engine.LoadedModel;
import io.github.visionj.VisionJException;
import io.github.visionj.image.RegionSource;
import io.github.visionj.model.ModelDescription;
import io.github.visionj.output.InstanceFiles;
import io.github.visionj.output.InstanceResults;
import io.github.visionj.output.OutputFile;
import io.github.visionj.output.OutputFolder;
import io.github.visionj.output.ResultTables;
import io.github.visionj.pipeline.InstanceStack;
import io.github.visionj.pipeline.ModelRunner;
import io.github.visionj.pipeline.RunOptions;
import io.github.visionj.pipeline.Segmentation;

/**
 * Plugins › VisionJ › Instance Segment: every object its own label, its own ROI and its own row
 * of measurements, even where objects of one class touch.
 */
@Plugin(type = Command.class, menuPath = "Plugins>VisionJ>Instance Segment", headless = true,
	description = "Separate objects (e.g. nuclei) into a label image, one ROI each and per-object measurements.")
public class InstanceSegmentCommand extends ModelCommand {

	@Overrides(Setting.PROBABILITY)
	@Parameter(label = "Probability threshold (0 = model default)", min = "0", max = "0.99", stepSize = "0.05", persist = false,
		description = "Object or foreground probability below which candidates or pixels are dropped.")
	private double probability = 0;

	@Overrides(Setting.OVERLAP)
	@Parameter(label = "Overlap threshold (0 = model default)", min = "0", max = "1", stepSize = "0.05", persist = false,
		description = "Candidates overlapping a stronger one by more than this IoU are dropped.")
	private double overlap = 0;

	@Overrides(Setting.MIN_SIZE)
	@Parameter(label = "Minimum size in pixels (-1 = model default)", min = "-1", persist = false,
		description = "Objects with fewer pixels (in a plane) are dropped; 0 keeps all.")
	private int min_size = -1;

	@Parameter(label = "Link objects across Z", persist = false,
		description = "An object overlapping one in the Z plane above keeps its label, making 3D objects from a 2D model.")
	private boolean link_z = false;

	@Parameter(label = "Link overlap (IoU)", min = "0.05", max = "1", stepSize = "0.05", persist = false,
		description = "The IoU two objects of neighbouring planes need to be linked.")
	private double link_iou = 0.5;

	@Parameter(label = "Average over mirror images (4x slower)", persist = false,
		description = "Predict on the image and on its mirror images along x, y and both, and average: often more accurate.")
	private boolean augment = false;

	@Parameter(label = "Block size (0 = automatic)", min = "0", persist = false,
		description = "Edge in pixels of the blocks a large plane is segmented in one at a time; 0 sizes them to the free memory.")
	private int block_size = 0;

	@Parameter(label = "Also write every model output", persist = false,
		description = "Also output every map the model computes, one 32-bit image <name>_output-<output id>.tif per output, at its own scale.")
	private boolean raw_maps = false;

	@Parameter(type = ItemIO.OUTPUT, label = "Labels")
	private ImagePlus labels;

	public InstanceSegmentCommand() {
		super("nuclei");
	}

	@Override
	public List<OutputFile> outputs() {
		return List.of(OutputFile.LABELS, OutputFile.ROIS, OutputFile.RESULTS, OutputFile.OVERLAY);
	}

	/**
	 * What segmenting one block takes (the model to run, its decoder and the decoder's settings)
	 * and what the result files name (the objects, their classes).
	 */
	public record Blockwise(ModelRunner runner, InstanceDecoder decoder, DecoderSettings settings, String objectName,
		List<String> classNames) {}

	/**
	 * The model, decoder and decoder settings of this command's settings, for segmenting an image
	 * block by block outside the command (the Spark job's blocks of one huge image).
	 *
	 * @param blockSize the blocks' edge in pixels ({@link RunOptions#blockSize()})
	 */
	public Blockwise blockwise(int blockSize) {
		ParameterValues.check(this);
		LoadedModel loaded = loadModel();
		ModelDescription description = loaded.description();
		return new Blockwise(runner(loaded, augment, blockSize), decoder(description, InstanceDecoder.class,
			"instance segmentation"), settings(description), description.visionj().objectName(), classNames(description, 1));
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
		InstanceDecoder decoder = decoder(description, InstanceDecoder.class, "instance segmentation");
		DecoderSettings settings = settings(description);
		warnIgnored(decoder, decoder.settingsRead());
		ModelRunner runner = runner(loaded, augment, block_size);
		String object = description.visionj().objectName();
		List<String> classes = classNames(description, 1);
		if (folder != null && outputs == null && Segmentation.inBlocks(runner, source)) {
			// labels, ROIs, rows and the overlay go to their files as the blocks finish them; nothing is shown
			refuseLinkInBlocks(source);
			InstanceFiles files = new InstanceFiles(folder, name, image, source, object, classes);
			Segmentation.Summary found = files.commitAfter(() -> Segmentation.instances(runner, source, decoder, settings, files,
				files));
			warnCut(found.cut());
			log.info("VisionJ: " + found.objects() + " " + object + " objects in " + image.getTitle() + " (written block by block)");
			return;
		}
		InstanceStack stack = Segmentation.instances(runner, inputImage(source), decoder, settings, link_z, link_iou,
			ModelOutputs.orNone(outputs));
		warnCut(stack.cut());
		status.showStatus("VisionJ: measuring " + stack.count() + " objects…");
		InstanceResults results = InstanceResults.of(image, stack, object, classes);
		labels = results.labels();
		if (folder != null) results.write(folder, name, image);
		if (outputs != null) outputs.publish(folder, name, image, !headless());
		publishRois(folder, results.rois());
		publishTable(folder, ResultTables.instances(results.rows()));
		log.info("VisionJ: " + stack.count() + " " + object + " objects in " + image.getTitle());
	}

	/** Linking objects across Z needs whole label planes in memory, which planes segmented in blocks never are. */
	private void refuseLinkInBlocks(RegionSource source) {
		if (link_z && source.slices() > 1) throw new VisionJException("The " + source.width() + "x" + source.height() +
			" planes of " + image.getTitle() + " are segmented in blocks, and linking objects across Z needs whole label " +
			"planes in memory; turn off link_z, or give ImageJ more memory so each plane fits one block.");
	}

	private void warnCut(int cut) {
		if (cut > 0) warn("VisionJ: " + cut + " objects reach the margin of the block they were found in and may " +
			"be cut; give ImageJ more memory (Edit › Options › Memory & Threads) so the image runs in larger blocks with wider margins.");
	}
}
