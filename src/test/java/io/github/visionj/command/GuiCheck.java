package io.github.visionj.command;

import java.util.ArrayList;
import java.util.List;

import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.log.LogService;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.PlotWindow;
import ij.measure.ResultsTable;
import ij.plugin.frame.RoiManager;
import io.github.visionj.engine.ModelCacheService;
import io.github.visionj.output.TrainingPlot;

/**
 * Runs the commands as the Fiji menu does (a display, no output folder) and prints what the user
 * would see: the output image, the ROI Manager and the Results table. {@link GuiTest} starts it
 * in its own JVM on a virtual display, since the test JVM is headless.
 */
public final class GuiCheck {

	private GuiCheck() {}

	public static void main(String[] args) throws Exception {
		try (Context context = new Context(CommandService.class, StatusService.class, LogService.class, ModelCacheService.class)) {
			CommandService commands = context.service(CommandService.class);
			ImagePlus image = IJ.openImage("src/test/resources/dsb2018/nuclei.png");
			image.show();

			CommandModule m = commands.run(InstanceSegmentCommand.class, true, "image", image, "model", "nuclei").get();
			ImagePlus labels = (ImagePlus) m.getOutput("labels");
			System.out.println("instance canceled=" + m.isCanceled() + " labels=" + (int) labels.getStatistics().max + " rois=" +
				RoiManager.getInstance().getCount() + " results=" + ResultsTable.getResultsTable().size() + " first=" +
				RoiManager.getInstance().getRoi(0).getName());

			RoiManager.getInstance().reset();
			m = commands.run(DetectCommand.class, true, "image", image, "model", "nuclei-detect").get();
			System.out.println("detect canceled=" + m.isCanceled() + " rois=" + RoiManager.getInstance().getCount() + " results=" +
				ResultsTable.getResultsTable().size());

			m = commands.run(ClassifyCommand.class, true, "image", image, "mode", "rois").get();
			System.out.println("classify canceled=" + m.isCanceled() + " results=" + ResultsTable.getResultsTable().size() +
				" renamed=" + RoiManager.getInstance().getRoi(0).getName().endsWith("[fluorescence]"));

			// Train reads the ROI Manager (Detect's boxes): the ROIs are painted, then the image is found too small to split
			m = commands.run(TrainCommand.class, true, "annotations", "ROI Manager", "image", IJ.createImage("small", "8-bit black", 120, 100, 1),
				"output", java.nio.file.Files.createTempDirectory("visionj-gui").resolve("model").toFile()).get();
			System.out.println("train " + m.getCancelReason());

			// Train's live plot: redrawn in the one window it opened
			TrainingPlot plot = new TrainingPlot();
			plot.validated(0, 0.5);
			plot.show();
			plot.step(1, 2.0);
			plot.step(2, 1.0);
			plot.show();
			List<ImagePlus> shown = plotWindows();
			System.out.println("plot windows=" + shown.size() + " losses=" +
				((PlotWindow) shown.get(0).getWindow()).getPlot().getDataObjectArrays(0)[1].length);
			shown.get(0).getWindow().close();
			plot.step(3, 0.5);
			plot.show();
			System.out.println("plot after closing windows=" + plotWindows().size());
		}
		System.exit(0);
	}

	private static List<ImagePlus> plotWindows() {
		List<ImagePlus> windows = new ArrayList<>();
		for (int id : WindowManager.getIDList())
			if (WindowManager.getImage(id).getTitle().equals("VisionJ Train")) windows.add(WindowManager.getImage(id));
		return windows;
	}
}
