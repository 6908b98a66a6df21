/* The runtime's own shaders, compiled from runtime/vulkan/shaders at build time. */
#ifndef CKPT_VULKAN_SHADERS_H
#define CKPT_VULKAN_SHADERS_H

#include <stddef.h>
#include <stdint.h>

/* shaders/control.comp: the yield check and gate between groups of tasks. */
extern const uint32_t ckpt_vulkan_control_spirv[];
extern const size_t ckpt_vulkan_control_spirv_size; /* bytes */

/* shaders/yield.comp: the yield check under conditional rendering. */
extern const uint32_t ckpt_vulkan_yield_spirv[];
extern const size_t ckpt_vulkan_yield_spirv_size; /* bytes */

/* shaders/queue.comp: the gate and report steps around an asynchronous launch. */
extern const uint32_t ckpt_vulkan_queue_spirv[];
extern const size_t ckpt_vulkan_queue_spirv_size; /* bytes */

#endif /* CKPT_VULKAN_SHADERS_H */
