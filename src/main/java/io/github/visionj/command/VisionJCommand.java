package io.github.visionj.command;

import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;

import org.scijava.app.StatusService;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;

import ij.IJ;
import ij.macro.Interpreter;
import io.github.visionj.VisionJException;
import io.github.visionj.pipeline.Progress;

/**
 * What the VisionJ commands share: turning every failure into one visible sentence (the cancel
 * reason, the log and, inside a macro, an aborted macro), progress on the status bar, and
 * cancellation by the user (Esc, or the module being canceled).
 */
public abstract class VisionJCommand extends ContextCommand {

	@Parameter
	protected LogService log;

	@Parameter
	protected StatusService status;

	/** The output folder of this run and the first of its folders that did not exist before; null: none new. */
	private Path newLeaf, newRoot;

	/** The command's work; throws {@link VisionJException} for anything the user can fix. */
	protected abstract void execute();

	@Override
	public final void run() {
		try {
			if (!headless()) IJ.resetEscape();
			execute();
		}
		catch (VisionJException e) {
			fail(e.getMessage());
		}
		catch (CancellationException e) {
			removeNewFolders();
			cancel("Canceled by the user.");
		}
		catch (OutOfMemoryError e) {
			fail("Out of memory; give ImageJ more memory (Edit › Options › Memory & Threads), use smaller tiles or crop the image.");
		}
		catch (LinkageError e) {
			// A class or native library missing from Fiji.app/jars, or one of another version.
			log.error(e);
			fail("A library VisionJ needs is missing or of the wrong version (" + e + "); unzip visionj-fiji.zip into " +
				"Fiji.app again and restart Fiji.");
		}
		catch (Throwable e) {
			// Whatever else goes wrong (an engine that fails to start, a bug) must still stop the macro.
			log.error(e);
			fail("Unexpected error (" + e + "); please report it with the log.");
		}
		finally {
			status.clearStatus();
		}
	}

	/**
	 * Makes a failure visible wherever the command was started, as one sentence: the cancel reason
	 * for scripts and the launcher, the log, and an aborted macro, which an exception alone would
	 * not stop. Folders this run created for its results are removed again if they stayed empty.
	 */
	protected void fail(String message) {
		removeNewFolders();
		Interpreter macro = Interpreter.getInstance();
		// Inside a macro in the GUI the Log window shows the message; a cancel reason would add
		// SciJava's modal dialog (its StatusService warns with every reason that is not empty).
		cancel(macro != null && !headless() ? "" : message);
		log.error("VisionJ: " + message);
		if (!headless()) IJ.log("VisionJ: " + message);
		if (macro == null) return;
		// The macro stops before its next statement; headless, ImageJ prints it as a macro error.
		try {
			macro.abort("VisionJ: " + message);
		}
		catch (RuntimeException aborted) {
			// ImageJ ends the macro by throwing from abort; the macro is stopped and the reason set already.
		}
	}

	/**
	 * Remembers which folders of {@code folder}'s path do not exist yet, before the folder is
	 * created for results: a failed run must not leave an empty output folder behind.
	 */
	protected void noteNewFolders(Path folder) {
		newLeaf = folder.toAbsolutePath().normalize();
		newRoot = null;
		for (Path p = newLeaf; p != null && !Files.exists(p); p = p.getParent())
			newRoot = p;
	}

	private void removeNewFolders() {
		if (newRoot == null) return;
		for (Path p = newLeaf; p != null && p.startsWith(newRoot); p = p.getParent()) {
			try {
				Files.deleteIfExists(p);
			}
			catch (IOException | SecurityException e) {
				return; // not empty (some results were written) or not ours to remove: left as it is
			}
		}
	}

	/** Whether results must go to files: no display, so no ROI Manager and no image windows. */
	protected static boolean headless() {
		return GraphicsEnvironment.isHeadless();
	}

	/** Progress on the status bar; cancellation by Esc or by canceling the module. */
	protected Progress progress() {
		return new Progress() {
			@Override
			public void report(String stage, long done, long total) {
				status.showStatus((int) done, (int) total, stage);
			}

			@Override
			public boolean isCanceled() {
				return VisionJCommand.this.isCanceled() || (!headless() && IJ.escapePressed());
			}
		};
	}
}
