package com.atlassecure.api.users;

import com.atlassecure.api.store.UserRecord;
import com.atlassecure.api.store.UserView;
import com.atlassecure.api.xrayconfig.ClientEntry;
import com.atlassecure.api.xrayconfig.ClientLines;
import com.atlassecure.api.xrayconfig.FileOutput;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Where each run of clients sits in the config.json written last, so that the next render re-renders only the runs
 * a change touched and copies the rest from the old file. A change touches one run: clients are in creation order,
 * so a new customer lands in the last run, and an update or removal in the run holding that user. At 100k clients
 * this turns a render from about 100 ms of formatting into a few ms of kernel copy (decision 0009).
 *
 * <p>Runs are key ranges, not fixed positions: run {@code i} holds every client from its start key up to the next
 * run's start key, and the first run starts before every key. Changes are recorded by any thread; renders are
 * serialised by the caller.
 */
final class RenderIndex {
    /** Clients per run when a range is re-rendered; small runs keep a random update's re-render small. */
    static final int RUN_CLIENTS = 16;
    /** Past this many recorded changes a full render is cheaper than finding their runs, and memory stays bounded. */
    private static final int MAX_PENDING_CHANGES = 50_000;

    private static final Comparator<UserRecord> ORDER = UserView.renderOrder();

    /** A run as written: its start key (null for the first run), its bytes in the file and how many clients. */
    private record Run(UserRecord start, long offset, long length, int clients) {
        Run movedTo(long newOffset) {
            return new Run(start, newOffset, length, clients);
        }

        long end() {
            return offset + length;
        }
    }

    /** The result of one render: how many clients it wrote, and how many it formatted rather than copied. */
    record Written(int clients, int formatted) {}

    private final Object changesLock = new Object();
    private List<UserRecord> changes = new ArrayList<>();
    private boolean overflowed;

    /** The runs of the file as last written; null when unknown, which makes the next render a full one. */
    private List<Run> runs;
    /** The size of the file as last written, checked against the file the runs are copied from. */
    private long fileBytes;
    /** The runs of the file being written, adopted by {@link #committed} once it is in place. */
    private List<Run> writing;

    /** Records a committed row change, old or new. Called on the committing thread; holds a lock for nanoseconds. */
    void changed(UserRecord record) {
        synchronized (changesLock) {
            if (changes.size() < MAX_PENDING_CHANGES) {
                changes.add(record);
            } else {
                overflowed = true;
            }
        }
    }

    /** Forgets the layout: the file was written by someone else, or a write failed. */
    void invalidate() {
        runs = null;
        writing = null;
    }

    /** The file the last {@link #write} produced is config.json now, {@code bytes} long. */
    void committed(long bytes) {
        runs = writing;
        writing = null;
        fileBytes = bytes;
    }

    /**
     * Writes the client array into {@code out}. Runs no change has touched since the last render are copied from
     * {@code previous}, the file that render wrote; the others are formatted from {@code view}. With no layout, or
     * when {@code previous} is missing or not that file's size, everything is formatted.
     *
     * <p>Changes are taken before the view is read, so a change committed during the walk stays recorded and its run
     * is re-rendered next time, whichever side of the walk it fell on.
     */
    Written write(FileOutput out, String indent, UserView view, FileChannel previous) throws IOException {
        List<UserRecord> taken;
        boolean lostTrack;
        synchronized (changesLock) {
            taken = changes;
            lostTrack = overflowed;
            changes = new ArrayList<>();
            overflowed = false;
        }
        List<Run> old = usableRuns(previous, lostTrack);
        boolean[] dirty = new boolean[old.size()];
        dirty[0] = old.size() == 1; // a single run: formatting it is the whole render, so do not bother copying
        for (UserRecord r : taken) {
            dirty[runOf(old, r)] = true;
        }
        List<Run> newRuns = new ArrayList<>(old.size() + 8);
        ClientLines lines = new ClientLines(indent);
        lines.open(out);
        int clients = 0;
        int formatted = 0;
        int i = 0;
        while (i < old.size()) {
            if (dirty[i]) {
                // The first run covers every key before the second run's start, whatever its recorded start.
                UserRecord from = i == 0 ? null : old.get(i).start();
                UserRecord to = i + 1 < old.size() ? old.get(i + 1).start() : null;
                int n = format(out, lines, clients > 0, from, view.activeInRenderOrder(from, to), newRuns);
                clients += n;
                formatted += n;
                i++;
                continue;
            }
            int j = i;
            while (j < old.size() && !dirty[j]) {
                j++;
            }
            clients += copy(out, lines, clients > 0, previous, old.subList(i, j), newRuns);
            i = j;
        }
        lines.close(out, clients > 0);
        if (newRuns.isEmpty()) {
            newRuns.add(new Run(null, 0, 0, 0));
        } else if (newRuns.get(0).start() != null) {
            Run first = newRuns.get(0);
            newRuns.set(0, new Run(null, first.offset(), first.length(), first.clients()));
        }
        writing = newRuns;
        return new Written(clients, formatted);
    }

    /** The last layout when it still describes {@code previous}; otherwise one run covering every key, to format. */
    private List<Run> usableRuns(FileChannel previous, boolean lostTrack) throws IOException {
        List<Run> layout = runs;
        if (layout == null || lostTrack || previous == null || previous.size() != fileBytes) {
            return List.of(new Run(null, 0, 0, 0));
        }
        // Removals can leave many small runs; past twice the runs a fresh layout would have, start over.
        if (layout.size() > 64 + 2 * (countClients(layout) / RUN_CLIENTS)) {
            return List.of(new Run(null, 0, 0, 0));
        }
        return layout;
    }

    /** The index of the last run starting at or before {@code key}; the first run when none does. */
    private static int runOf(List<Run> runs, UserRecord key) {
        int lo = 1;
        int hi = runs.size() - 1;
        int found = 0;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (ORDER.compare(runs.get(mid).start(), key) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /**
     * Formats one key range as runs of at most {@link #RUN_CLIENTS}. The first keeps the range's start key, so that
     * the layout still covers every key; an empty range adds no run and its keys fall to the run before it.
     */
    private static int format(
            FileOutput out,
            ClientLines lines,
            boolean afterOthers,
            UserRecord rangeStart,
            Collection<UserRecord> clients,
            List<Run> newRuns)
            throws IOException {
        int n = 0;
        UserRecord start = null;
        long offset = 0;
        int inRun = 0;
        for (UserRecord r : clients) {
            if (afterOthers || n > 0) {
                lines.separator(out);
            }
            if (inRun == 0) {
                offset = out.position(); // after the separator: a run's bytes never start with a comma
                start = n == 0 ? rangeStart : r;
            }
            lines.line(out, ClientEntry.vision(r.uuid(), r.email(), r.expiryMs()));
            n++;
            if (++inRun == RUN_CLIENTS) {
                newRuns.add(new Run(start, offset, out.position() - offset, inRun));
                inRun = 0;
            }
        }
        if (inRun > 0) {
            newRuns.add(new Run(start, offset, out.position() - offset, inRun));
        }
        return n;
    }

    /**
     * Copies adjacent untouched runs in one piece. In the old file they were written back to back with one comma
     * between any two non-empty runs, so the bytes from the first one's start to the last one's end are exactly
     * what a fresh render would produce.
     */
    private static int copy(
            FileOutput out,
            ClientLines lines,
            boolean afterOthers,
            FileChannel previous,
            List<Run> clean,
            List<Run> newRuns)
            throws IOException {
        Run first = null;
        Run last = null;
        int clients = 0;
        for (Run r : clean) {
            if (r.clients() > 0) {
                first = first == null ? r : first;
                last = r;
                clients += r.clients();
            }
        }
        if (first == null) {
            return 0;
        }
        if (afterOthers) {
            lines.separator(out);
        }
        long base = out.position();
        out.copyFrom(previous, first.offset(), last.end() - first.offset());
        for (Run r : clean) {
            if (r.clients() > 0) {
                newRuns.add(r.movedTo(base + (r.offset() - first.offset())));
            }
        }
        return clients;
    }

    private static int countClients(List<Run> layout) {
        int n = 0;
        for (Run r : layout) {
            n += r.clients();
        }
        return n;
    }
}
