package io.github.visionj.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import ij.measure.Calibration;
import ij.measure.ResultsTable;
import io.github.visionj.decode.ClassScores;
import io.github.visionj.decode.Detection;
import io.github.visionj.evaluate.Scores;

class ResultTablesTest {

	@Test
	void instanceTableHasImageJsColumns() {
		RoiMeasurement m = new RoiMeasurement(6, 3, 4.5, 2, 3, 2, 3, 15, 10, 40, 90, 90, 10, 0.75);
		ResultsTable rt = ResultTables.instances(List.of(new InstanceRow("nucleus-0001", "nucleus", 0.9, m, 2, 3)));

		assertArrayEquals(new String[] { "Label", "Class", "Score", "Area", "X", "Y", "BX", "BY", "Width", "Height",
			"Mean", "Min", "Max", "IntDen", "RawIntDen", "Perim.", "Circ.", "Z", "T" }, rt.getHeadings());
		assertEquals("nucleus-0001", rt.getLabel(0));
		assertEquals("nucleus", rt.getStringValue("Class", 0));
		assertEquals(4.5, rt.getValue("Y", 0));
		assertEquals(90, rt.getValue("RawIntDen", 0));
		assertEquals(0.75, rt.getValue("Circ.", 0));
		assertEquals(2, rt.getValue("Z", 0));
		assertEquals(3, rt.getValue("T", 0));
	}

	@Test
	void classAreasCountEveryClassButBackground() {
		List<ClassAreaRow> rows = ClassAreaRow.count(new int[] { 0, 1, 1, 2, 0, 1 }, List.of("background", "a", "b", "c"),
			0.25, 1, 1);
		ResultsTable rt = ResultTables.classAreas(rows);

		assertEquals(3, rt.size());
		assertEquals("a", rt.getStringValue("Name", 0));
		assertEquals(0.75, rt.getValue("Area", 0));
		assertEquals(0.25, rt.getValue("Area", 1));
		assertEquals(0, rt.getValue("Area", 2));
		assertEquals(3, rt.getValue("Class", 2));
	}

	@Test
	void detectionTableIsCalibrated() {
		Calibration cal = new Calibration();
		cal.pixelWidth = 0.5;
		cal.pixelHeight = 2;
		DetectionRow row = DetectionRow.of(new Detection(10, 4, 6, 3, 1, 0.5f), "cell", cal, 1, 4);
		ResultsTable rt = ResultTables.detections(List.of(row));

		assertArrayEquals(new String[] { "Class", "Score", "X", "Y", "Width", "Height", "Z", "T" }, rt.getHeadings());
		assertEquals("cell", rt.getStringValue("Class", 0));
		assertEquals(5, rt.getValue("X", 0));
		assertEquals(8, rt.getValue("Y", 0));
		assertEquals(3, rt.getValue("Width", 0));
		assertEquals(6, rt.getValue("Height", 0));
		assertEquals(4, rt.getValue("T", 0));
	}

	@Test
	void classificationTableHasOneColumnPerClass() {
		List<String> names = List.of("fluorescence", "brightfield", "histology");
		ClassificationRow row = ClassificationRow.of("img.tif", new ClassScores(new float[] { 0.2f, 0.7f, 0.1f }), names);
		ResultsTable rt = ResultTables.classification(List.of(row), names, 1);

		assertArrayEquals(new String[] { "Source", "Class", "Probability", "fluorescence", "brightfield", "histology" },
			rt.getHeadings());
		assertEquals("img.tif", rt.getStringValue("Source", 0));
		assertEquals("brightfield", rt.getStringValue("Class", 0));
		assertEquals(0.7f, (float) rt.getValue("Probability", 0));
		assertEquals(0.2f, (float) rt.getValue("fluorescence", 0));
	}

	@Test
	void topKColumnsFollowTheClassesBestFirstAndStopAtTheClassCount() {
		List<String> names = List.of("a", "b", "c");
		List<ClassificationRow> rows = ClassificationRow.of(List.of("r1", "r2"), List.of(new ClassScores(new float[] { 0.2f, 0.5f,
			0.3f }), new ClassScores(new float[] { 0.4f, 0.2f, 0.4f })), names);
		assertArrayEquals(new int[] { 1, 2, 0 }, rows.get(0).ranked());
		assertArrayEquals(new int[] { 0, 2, 1 }, rows.get(1).ranked()); // equal probabilities in class order

		ResultsTable rt = ResultTables.classification(rows, names, 5);
		assertArrayEquals(new String[] { "Source", "Class", "Probability", "a", "b", "c", "Class 2", "Probability 2", "Class 3",
			"Probability 3" }, rt.getHeadings());
		assertEquals("c", rt.getStringValue("Class 2", 0));
		assertEquals(0.3f, (float) rt.getValue("Probability 2", 0));
		assertEquals("a", rt.getStringValue("Class 3", 0));
		assertEquals("a", rt.getStringValue("Class", 1));
		assertEquals("c", rt.getStringValue("Class 2", 1));
		assertEquals("b", rt.getStringValue("Class 3", 1));
		assertEquals("0.30000", rt.getStringValue("Probability 2", 0));
		assertEquals(2, ResultTables.classification(rows, names, 2).getHeadings().length - 6);
	}

	@Test
	void evaluationTableHasOneRowPerThreshold() {
		ResultsTable rt = ResultTables.evaluation(List.of(new Scores(0.5, 3, 1, 2, 2.4), new Scores(0.9, 1, 3, 4, 0.95)));
		assertArrayEquals(new String[] { "IoU threshold", "TP", "FP", "FN", "Precision", "Recall", "F1", "AP", "Mean matched IoU",
			"PQ" }, rt.getHeadings());
		assertEquals(2, rt.size());
		assertEquals(0.9, rt.getValue("IoU threshold", 1));
		assertEquals(3, rt.getValue("TP", 0));
		assertEquals(0.75, rt.getValue("Precision", 0), 1e-12);
		assertEquals(0.5, rt.getValue("AP", 0), 1e-12);
		assertEquals(0.8, rt.getValue("Mean matched IoU", 0), 1e-12);
	}
}
