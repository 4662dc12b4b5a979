package io.github.visionj.command;

import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;
import io.github.visionj.image.FloatTensor;
import io.github.visionj.model.ModelDescription;
import io.github.visionj.model.TensorDescription;
import io.github.visionj.output.OutputFile;
import io.github.visionj.output.OutputFolder;
import io.github.visionj.output.ResultImages;
import io.github.visionj.pipeline.Plane;
import io.github.visionj.pipeline.Segmentation;

/**
 * The {@code raw_maps} option of the segmentation commands: every output of the model that is
 * a map of the image, collected plane by plane and made into one 32-bit image per output,
 * {@code <name>_output-<output id>.tif}, at the output's own scale.
 */
final class ModelOutputs implements Segmentation.OutputMaps {

	private final List<String> ids;
	private final List<List<FloatTensor>> planes = new ArrayList<>();

	private ModelOutputs(ModelDescription description) {
		ids = description.outputs().stream().map(TensorDescription::id).toList();
		ids.forEach(id -> planes.add(new ArrayList<>()));
	}

	/**
	 * The model's outputs to collect when {@code wanted}, else null; with a folder, refused before
	 * any work when an output's file exists and overwriting is off.
	 */
	static ModelOutputs of(boolean wanted, ModelDescription description, OutputFolder folder, String name) {
		if (!wanted) return null;
		ModelOutputs outputs = new ModelOutputs(description);
		if (folder != null)
			for (String id : outputs.ids)
				folder.checkAvailable(OutputFile.modelOutputName(name, id), List.of(OutputFile.MODEL_OUTPUT));
		return outputs;
	}

	/** Where the pipeline hands a run's maps: to these outputs, or nowhere when null. */
	static Segmentation.OutputMaps orNone(ModelOutputs outputs) {
		return outputs == null ? Segmentation.NO_MAPS : outputs;
	}

	@Override
	public void accept(Plane plane, List<FloatTensor> maps) {
		for (int j = 0; j < ids.size(); j++)
			if (maps.get(j) != null) planes.get(j).add(maps.get(j));
	}

	/** One image per output that is a map, laid out like {@code input}. */
	List<ImagePlus> images(String name, ImagePlus input) {
		List<ImagePlus> images = new ArrayList<>();
		for (int j = 0; j < ids.size(); j++)
			if (!planes.get(j).isEmpty()) images.add(ResultImages.maps(OutputFile.modelOutputName(name, ids.get(j)), planes.get(j), input));
		return images;
	}

	/** Writes the images to the folder (when given) and shows them (when not headless). */
	void publish(OutputFolder folder, String name, ImagePlus input, boolean show) {
		for (ImagePlus image : images(name, input)) {
			if (folder != null) folder.writeImage(image.getTitle(), OutputFile.MODEL_OUTPUT, image);
			if (show) image.show();
		}
	}
}
