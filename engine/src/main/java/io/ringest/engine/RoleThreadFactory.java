package io.ringest.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;

/** Names each new thread after its role, in the order roles are given, and keeps the threads so they can be joined. */
final class RoleThreadFactory implements ThreadFactory
{
    private final List<String> roles;
    private final List<Thread> threads = new ArrayList<>();

    RoleThreadFactory(final List<String> roles)
    {
        this.roles = roles;
    }

    @Override
    public synchronized Thread newThread(final Runnable runnable)
    {
        final int i = threads.size();
        final Thread thread = new Thread(runnable, i < roles.size() ? roles.get(i) : "ringest-" + i);
        threads.add(thread);
        return thread;
    }

    /** Waits up to {@code millis} in all for the threads to end; true if they all did. */
    synchronized boolean join(final long millis) throws InterruptedException
    {
        final long deadline = System.currentTimeMillis() + millis;
        for (final Thread thread : threads)
        {
            thread.join(Math.max(1, deadline - System.currentTimeMillis()));
        }
        return threads.stream().noneMatch(Thread::isAlive);
    }
}
