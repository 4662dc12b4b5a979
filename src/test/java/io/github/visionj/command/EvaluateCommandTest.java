package io.github.visionj.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.command.CommandModule;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.Roi;
import ij.measure.ResultsTable;
import ij.plugin.filter.Analyzer;
import ij.process.ShortProcessor;
import io.github.visionj.output.OutputFolder;

class EvaluateCommandTest {

	/** Truth: two 10x10 squares. Prediction: the first exactly, the second shifted by 5 px (IoU 1/3), plus a false one. */
	private static void write(Path folder) {
		ShortProcessor truth = new ShortProcessor(40, 20), pred = new ShortProcessor(40, 20);
		for (int y = 5; y < 15; y++)
			for (int x = 0; x < 10; x++) {
				truth.set(x + 2, y, 1);
				truth.set(x + 20, y, 2);
				pred.set(x + 2, y, 7);
				pred.set(x + 25, y, 3);
			}
		pred.set(39, 0, 9);
		IJ.saveAsTiff(new ImagePlus("t", truth), folder.resolve("truth/a.tif").toString());
		IJ.saveAsTiff(new ImagePlus("p", pred), folder.resolve("pred/a_labels.tif").toString());
	}

	@Test
	void foldersArePairedByNameAndScored(@TempDir Path dir) throws Exception {
		Files.createDirectories(dir.resolve("truth"));
		Files.createDirectories(dir.resolve("pred"));
		write(dir);
		CommandModule m = Commands.run(EvaluateCommand.class, "pred", dir.resolve("pred").toFile(), "truth",
			dir.resolve("truth").toFile(), "output", dir.resolve("out").toFile());
		assertFalse(m.isCanceled(), m.getCancelReason());
		ResultsTable rt = Analyzer.getResultsTable();
		assertEquals(9, rt.size());
		assertEquals(0.5, rt.getValue("IoU threshold", 0), 1e-9);
		assertEquals(1, rt.getValue("TP", 0), 0);
		assertEquals(2, rt.getValue("FP", 0), 0);
		assertEquals(1, rt.getValue("FN", 0), 0);
		assertEquals(0.25, rt.getValue("AP", 0), 1e-9); // 1 / (1 + 2 + 1)
		List<String> lines = Files.readAllLines(dir.resolve("out/evaluation.csv"));
		assertEquals("image,threshold,tp,fp,fn,precision,recall,f1,ap,mean_matched_iou,panoptic_quality", lines.get(0));
		assertEquals("a,0.50,1,2,1,0.3333,0.5000,0.4000,0.2500,1.0000,0.4000", lines.get(1));
		assertEquals(1 + 9 + 9, lines.size());
	}

	@Test
	void boxesFromADetectRoiSetAreMatchedByBoxIoU(@TempDir Path dir) throws Exception {
		Files.createDirectories(dir.resolve("truth"));
		Files.createDirectories(dir.resolve("pred"));
		write(dir);
		Roi exact = new Roi(2, 5, 10, 10), near = new Roi(21, 5, 10, 10); // IoU 9/11 with the second square
		OutputFolder.open(dir.resolve("boxes"), false).writeRois("a", List.of(exact, near));
		CommandModule m = Commands.run(EvaluateCommand.class, "pred", dir.resolve("boxes/a_rois.zip").toFile(), "truth",
			dir.resolve("truth/a.tif").toFile(), "boxes", true, "output", dir.resolve("out").toFile());
		assertFalse(m.isCanceled(), m.getCancelReason());
		ResultsTable rt = Analyzer.getResultsTable();
		assertEquals(2, rt.getValue("TP", 0), 0); // at 0.5
		assertEquals(1, rt.getValue("TP", 7), 0); // at 0.85 only the exact one
	}

	@Test
	void mismatchedInputsAreRefused(@TempDir Path dir) throws Exception {
		Files.createDirectories(dir.resolve("truth"));
		Files.createDirectories(dir.resolve("pred"));
		write(dir);
		IJ.saveAsTiff(new ImagePlus("small", new ShortProcessor(8, 8)), dir.resolve("small.tif").toString());
		CommandModule m = Commands.run(EvaluateCommand.class, "pred", dir.resolve("small.tif").toFile(), "truth",
			dir.resolve("truth/a.tif").toFile(), "output", dir.resolve("out").toFile());
		assertEquals("The prediction small.tif is 8x8x1 but its ground truth a.tif is 40x20x1; pair images of the same size.",
			m.getCancelReason());
		m = Commands.run(EvaluateCommand.class, "pred", dir.resolve("nothing").toFile(), "truth", dir.resolve("truth").toFile(),
			"output", dir.resolve("out").toFile());
		assertEquals("The prediction " + dir.resolve("nothing") + " does not exist; give a file or a folder.", m.getCancelReason());
		assertFalse(Files.exists(dir.resolve("out/evaluation.csv")));
	}
}
