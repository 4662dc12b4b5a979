package io.github.visionj.command;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;
import ij.gui.Roi;
import io.github.visionj.VisionJException;
import io.github.visionj.decode.Decoder;
import io.github.visionj.decode.DecoderSettings;
import io.github.visionj.decode.DecoderSettings.Setting;
import io.github.visionj.decode.Detection;
import io.github.visionj.decode.DetectionDecoder;
import io.github.visionj.engine.LoadedModel;
import io.github.visionj.image.AxisImage;
import io.github.visionj.model.ModelDescription;
import io.github.visionj.output.DetectionRow;
import io.github.visionj.output.OutputFile;
import io.github.visionj.output.OutputFolder;
import io.github.visionj.output.OverlayImage;
import io.github.visionj.output.ResultImages;
import io.github.visionj.output.ResultTables;
import io.github.visionj.output.Rois;
import io.github.visionj.pipeline.ObjectDetection;
import io.github.visionj.pipeline.PlaneResult;

/**
 * Plugins › VisionJ › Detect: boxes with class and score as rectangle ROIs and a table. Works
 * with detectors (YOLO layouts) and with instance segmentation models (the boxes of their objects).
 */
@Plugin(type = Command.class, menuPath = "Plugins>VisionJ>Detect", headless = true,
	description = "Find objects as boxes with a class and a score: rectangle ROIs and a table.")
public class DetectCommand extends ModelCommand {

	@Overrides(Setting.SCORE)
	@Parameter(label = "Score threshold (0 = model default)", min = "0", max = "1", stepSize = "0.05", persist = false,
		description = "Boxes scoring less are dropped (detectors only).")
	private double score = 0;

	@Overrides(Setting.OVERLAP)
	@Parameter(label = "Overlap threshold (0 = model default)", min = "0", max = "1", stepSize = "0.05", persist = false,
		description = "Boxes of one class overlapping a better one by more than this IoU are dropped.")
	private double overlap = 0;

	@Overrides(Setting.MAX_DETECTIONS)
	@Parameter(label = "Maximum detections per plane (0 = model default)", min = "0", persist = false,
		description = "Keep at most this many boxes per plane, the best first.")
	private int max_detections = 0;

	@Parameter(label = "Also output a label image of the boxes", persist = false,
		description = "Boxes painted as labels, the best box on top; labels unique across the stack.")
	private boolean boxes_as_labels = false;

	@Parameter(type = ItemIO.OUTPUT, label = "Box labels", required = false)
	private ImagePlus box_labels;

	public DetectCommand() {
		super("nuclei-detect");
	}

	@Override
	public List<OutputFile> outputs() {
		return boxes_as_labels ? List.of(OutputFile.ROIS, OutputFile.RESULTS, OutputFile.OVERLAY, OutputFile.LABELS)
			: List.of(OutputFile.ROIS, OutputFile.RESULTS, OutputFile.OVERLAY);
	}

	@Override
	protected void execute() {
		AxisImage<?> input = inputImage();
		OutputFolder folder = outputFolder();
		String name = baseName();
		if (folder != null) folder.checkAvailable(name, outputs());
		LoadedModel loaded = loadModel();
		ModelDescription description = loaded.description();
		DecoderSettings settings = settings(description);
		Decoder decoder = decoder(description);
		// An instance model's boxes are its objects, at most max_detections of them, best first.
		Set<Setting> read = decoder instanceof DetectionDecoder ? decoder.settingsRead() : EnumSet.of(Setting.MAX_DETECTIONS);
		warnIgnored(decoder, read);
		List<PlaneResult<List<Detection>>> planes = ObjectDetection.detect(runner(loaded, false), input, decoder, settings);

		int classes = 1 + planes.stream().flatMap(p -> p.result().stream()).mapToInt(Detection::classIndex).max().orElse(0);
		List<String> names = classNames(description, classes);
		List<Roi> rois = new ArrayList<>();
		List<DetectionRow> rows = new ArrayList<>();
		List<int[]> labelPlanes = new ArrayList<>();

		for (PlaneResult<List<Detection>> p : planes) {
			int z = p.plane().z() + 1, t = p.plane().t() + 1;
			List<Roi> planeRois = new ArrayList<>();
			for (Detection d : p.result()) {
				if (d.classIndex() >= names.size()) throw new VisionJException("Model '" + description.name() + "' found class " +
					d.classIndex() + " but names " + names.size() + " class(es) in config.visionj.classes; name every class the model outputs.");
				String className = names.get(d.classIndex());
				planeRois.add(Rois.ofBox(d, className));
				rows.add(DetectionRow.of(d, className, image.getCalibration(), z, t));
			}
			Rois.place(planeRois, image, z, t);
			rois.addAll(planeRois);
			if (boxes_as_labels) labelPlanes.add(boxLabels(p.result(), image.getWidth(), image.getHeight(), rois.size() - planeRois.size()));
		}
		if (boxes_as_labels) {
			box_labels = ResultImages.labels(name + "_labels", labelPlanes, image);
			if (folder != null) folder.writeImage(name, OutputFile.LABELS, box_labels);
		}
		if (folder != null) folder.writeOverlay(name, OverlayImage.boxes(image, 1, 1, rois.subList(0, planes.get(0).result().size())));
		publishRois(folder, rois);
		publishTable(folder, ResultTables.detections(rows));
	}

	/**
	 * Boxes painted as labels {@code first + 1 …} in order of increasing score, so better boxes
	 * stay on top; the offset keeps labels unique across the planes of a stack.
	 */
	private static int[] boxLabels(List<Detection> boxes, int width, int height, int first) {
		int[] labels = new int[width * height];
		for (int i = boxes.size() - 1; i >= 0; i--) {
			Detection d = boxes.get(i);
			int x0 = (int) Math.floor(d.x()), y0 = (int) Math.floor(d.y());
			int x1 = (int) Math.ceil(d.x() + d.width()), y1 = (int) Math.ceil(d.y() + d.height());
			for (int y = Math.max(0, y0); y < Math.min(height, y1); y++)
				for (int x = Math.max(0, x0); x < Math.min(width, x1); x++)
					labels[y * width + x] = first + i + 1;
		}
		return labels;
	}
}
