/** The device limit's part of the API contract: a key's devices on one node, read and reset. */
package com.atlassecure.contract.devices;
