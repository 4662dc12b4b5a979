package io.github.visionj.spark;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

import io.github.visionj.VisionJException;
import io.github.visionj.cli.Main;
import io.github.visionj.cli.Task;
import io.github.visionj.output.AtomicFile;
import scala.Function2;
import scala.reflect.ClassTag$;
import scala.runtime.BoxedUnit;

/**
 * The launcher's per-image tasks on Apache Spark: {@code spark-submit --class
 * io.github.visionj.spark.SparkJob visionj.jar <task> --model … --input <folder|image|list.txt>
 * --output <folder> [the launcher's options]}. Each input is one Spark task, so the executors share
 * the inputs as they go; each executor processes its inputs exactly as the launcher does (same files,
 * written atomically). Inputs whose results all exist are skipped, so a rerun of a killed job
 * redoes only what was in flight. The driver logs each input as it finishes to
 * {@code visionj-spark-<time>.log} in the output folder, writes {@code visionj-summary.csv} at the
 * end and exits non-zero when an input failed.
 */
public final class SparkJob {

	static final String SUMMARY = "visionj-summary.csv";

	private final PrintStream out, err;

	SparkJob(PrintStream out, PrintStream err) {
		this.out = out;
		this.err = err;
	}

	public static void main(String[] args) {
		System.setProperty("java.awt.headless", "true");
		System.exit(new SparkJob(System.out, System.err).run(args));
	}

	/** Runs the job on the master of Spark's configuration; returns the exit code (0: every input done or skipped). */
	int run(String[] args) {
		if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
			out.print(usage());
			return args.length == 0 ? 2 : 0;
		}
		SparkConf conf = new SparkConf().setAppName("VisionJ " + args[0]);
		List<Work> works;
		Task task;
		Map<String, String> options;
		HugeImage huge;
		try {
			options = Main.parse(Arrays.copyOfRange(args, 1, args.length));
			String blocks = options.remove("blocks");
			task = Worker.task(args[0], options);
			huge = blocks == null ? null : HugeImage.of(task, args[0], options, blocks);
			works = huge == null ? plan(task, args[0]) : List.of();
			if (!conf.contains("spark.master")) throw new VisionJException("no Spark master is set; run the job with " +
				"spark-submit --master …, or give Java -Dspark.master=local[*].");
			createFolder(task.outputFolder());
		}
		catch (IllegalArgumentException | VisionJException e) {
			err.println("visionj: " + e.getMessage());
			return 2;
		}
		Path folder = task.outputFolder();
		boolean skip = task.skipExisting() == null || task.skipExisting();
		Path logFile = folder.resolve("visionj-spark-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) +
			".log");
		try (PrintWriter log = new PrintWriter(Files.newBufferedWriter(logFile, StandardCharsets.UTF_8));
			JavaSparkContext spark = new JavaSparkContext(conf)) {
			say(log, "VisionJ Spark job: " + String.join(" ", args));
			say(log, (huge == null ? works.size() + " input(s)" : "one image in blocks") + " on " + spark.master() +
				" (application " + spark.sc().applicationId() + ")" + (skip ? "; inputs (and blocks) whose results all exist are " +
				"skipped" : ""));
			shipLibraries(spark, log);
			Worker worker = new Worker(args[0], options, skip);
			SummaryRow[] rows;
			if (huge == null) rows = execute(spark, works, worker, log);
			else {
				SummaryRow image;
				try {
					image = huge.run(skip, list -> execute(spark, list, worker, log), line -> say(log, line));
				}
				catch (VisionJException e) {
					image = new SummaryRow(huge.name(), SummaryRow.Status.FAILED, 0, 0, e.getMessage());
				}
				say(log, image.logLine());
				rows = new SummaryRow[] { image };
			}
			writeSummary(folder.resolve(SUMMARY), rows);
			long failed = Arrays.stream(rows).filter(r -> r.status() == SummaryRow.Status.FAILED).count(),
				skipped = Arrays.stream(rows).filter(r -> r.status() == SummaryRow.Status.SKIPPED).count();
			say(log, (rows.length - failed - skipped) + " done, " + skipped + " skipped, " + failed + " failed of " + rows.length +
				" input(s); summary: " + folder.resolve(SUMMARY));
			return failed == 0 ? 0 : 1;
		}
		catch (IOException | VisionJException e) {
			err.println("visionj: " + (e instanceof VisionJException ? e.getMessage() : "cannot write the log " + logFile + " (" + e +
				"); check the output folder's free space and permissions."));
			return 1;
		}
	}

	/**
	 * Runs the works, one Spark task each, logging each as it finishes; a work Spark could not run
	 * (the job failed) gets a failed row.
	 */
	private SummaryRow[] execute(JavaSparkContext spark, List<Work> works, Worker worker, PrintWriter log) {
		SummaryRow[] rows = new SummaryRow[works.size()];
		if (works.isEmpty()) return rows;
		// One partition per work: a free executor takes the next, however long the others take.
		JavaRDD<Work> list = spark.parallelize(works, works.size());
		int[] finished = { 0 };
		Function2<Object, SummaryRow, BoxedUnit> done = (i, row) -> {
			rows[(Integer) i] = row;
			say(log, "[" + ++finished[0] + "/" + works.size() + "] " + row.logLine());
			return BoxedUnit.UNIT;
		};
		String failure = null;
		try {
			spark.sc().runJob(list.rdd(), worker, done, ClassTag$.MODULE$.apply(SummaryRow.class));
		}
		catch (Exception e) {
			// Spark gave up (an executor lost again and again): what finished is kept, the rest is redone by a rerun.
			failure = "not processed: the Spark job failed (" + e.getMessage() + ")";
			say(log, "visionj: the Spark job failed: " + e.getMessage());
		}
		for (int i = 0; i < rows.length; i++)
			if (rows[i] == null) rows[i] = new SummaryRow(works.get(i).name(), SummaryRow.Status.FAILED, 0, 0, failure);
		return rows;
	}

	/** The work list of the job: one element per input file. */
	static List<Work> plan(Task task, String name) {
		if (!task.perImage()) throw new VisionJException("the Spark job runs semantic, instance, detect or classify, not " + name +
			"; run " + name + " with java -jar visionj.jar.");
		if (task.input() == null) throw new VisionJException("--input is missing; give an image file, a folder of images or a " +
			".txt file listing images, one per line.");
		if (task.outputFolder() == null) throw new VisionJException("--output is missing; give the folder where results are written.");
		File input = new File(task.input());
		List<File> files = input.getName().endsWith(".txt") && Files.isRegularFile(input.toPath()) ? listed(input.toPath()) :
			Task.inputFiles(input);
		String clash = Task.sameNames(files);
		if (clash != null) throw new VisionJException(clash);
		List<Work> works = new ArrayList<>();
		for (File f : files)
			works.add(new InputFile(f.getAbsolutePath()));
		return works;
	}

	/** The image files a list names, one per line, relative to the list's folder; blank lines and lines starting with # are skipped. */
	static List<File> listed(Path list) {
		List<String> lines;
		try {
			lines = Files.readAllLines(list, StandardCharsets.UTF_8);
		}
		catch (IOException e) {
			throw new VisionJException("Cannot read the list " + list + " (" + e + "); check the file.", e);
		}
		List<File> files = new ArrayList<>();
		for (String line : lines) {
			if (line.isBlank() || line.strip().startsWith("#")) continue;
			Path p = list.toAbsolutePath().getParent().resolve(line.strip());
			if (!Files.isRegularFile(p)) throw new VisionJException("the list " + list + " names " + line.strip() +
				", which is not a file; correct the list (one image path per line, relative to the list's folder).");
			files.add(p.toFile());
		}
		if (files.isEmpty()) throw new VisionJException("the list " + list + " names no image; give one image path per line.");
		return files;
	}

	/**
	 * Executors on other JVMs fetch visionj.jar from the driver, but not the libraries its manifest
	 * names in lib/ beside it: those are sent along too, unless the executors have them on their
	 * class path already ({@code spark.executor.extraClassPath}, e.g. on a shared file system).
	 */
	private void shipLibraries(JavaSparkContext spark, PrintWriter log) throws IOException {
		if (spark.master().startsWith("local") || spark.getConf().contains("spark.executor.extraClassPath")) return;
		Path jar;
		try {
			jar = Path.of(SparkJob.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		}
		catch (java.net.URISyntaxException e) {
			throw new IllegalStateException(e);
		}
		Path lib = jar.resolveSibling("lib");
		if (!Files.isRegularFile(jar) || !Files.isDirectory(lib)) return;
		try (var jars = Files.list(lib)) {
			List<Path> all = jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
			all.forEach(p -> spark.addJar(p.toString()));
			say(log, "sending the " + all.size() + " jars of " + lib + " to the executors (set spark.executor.extraClassPath to " +
				lib + "/* where the executors can read it)");
		}
	}

	private static void createFolder(Path folder) {
		try {
			Files.createDirectories(folder);
		}
		catch (IOException e) {
			throw new VisionJException("cannot create the output folder " + folder + " (" + e + "); check its path and permissions.", e);
		}
	}

	private void say(PrintWriter log, String line) {
		out.println(line);
		log.println(LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME) + " " + line);
		log.flush();
	}

	private static void writeSummary(Path file, SummaryRow[] rows) {
		StringBuilder csv = new StringBuilder(SummaryRow.HEADER);
		for (SummaryRow r : rows)
			csv.append(r.csv());
		AtomicFile.write(file, true, temp -> Files.writeString(temp, csv, StandardCharsets.UTF_8));
	}

	static String usage() {
		return """
			VisionJ on Apache Spark: a per-image task on many images, shared by Spark's executors.

			usage: spark-submit --class io.github.visionj.spark.SparkJob visionj.jar <task> [options]
			   or: java -Dspark.master=local[*] --add-opens=… -cp <visionj.jar, its lib/ and Spark's jars>
			           io.github.visionj.spark.SparkJob <task> [options]

			tasks: semantic, instance, detect, classify
			  --input <folder|file|list.txt>  a folder of images, an image, or a .txt file naming one image per line
			  --output <folder>               where results are written (a folder every executor can reach)
			  --blocks <size>                 instance only: the input is one huge TIFF, segmented in blocks of
			                                  <size> pixels shared by the executors (resumable per block)
			  and every option of the task in java -jar visionj.jar --help (--model, --tile-size, …).

			Inputs whose results all exist are skipped, so a rerun finishes what a killed job left
			(--skip-existing false redoes them; add --overwrite to replace their results).
			The output folder gets visionj-summary.csv (file, status, objects, seconds, message per input)
			and visionj-spark-<time>.log. Exit code 0 when no input failed, 1 when some did, 2 for a
			mistake in the options (nothing done). See docs/scale-out.md.
			""";
	}
}
