package com.atlassecure.bot.apiclient;

/** What the bot asks a node about one key's devices (decision 0025): a read and a reset, each answer validated. */
public interface NodeDevices {
    /** How many addresses the key uses on the node now, how many are blocked, and whether the node enforces. */
    DeviceCount devices(String uuid);

    /** Lifts every block of the key on the node; the count right after. */
    DeviceCount resetDevices(String uuid);
}
